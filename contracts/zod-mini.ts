import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/*
 * zod/mini for the schemas that the smallest functions validate with (path parameters of GET
 * /v1/payments and /v1/deliveries). Same zod core, same checks and the same English messages as
 * `zod`, but tree-shakable: a function using only mini schemas bundles ~35 kB of zod instead of
 * ~90 kB, because classic `zod` attaches every method (and JSON Schema output) to every schema.
 * Mini schemas compose into classic ones and zod-openapi reads both, so each is still declared
 * once in contracts/. Classic `zod` installs the English messages when it loads; mini does not,
 * so this module does — `import * as z from` here, never from 'zod/mini' directly (a
 * re-exported namespace object, `export { z }`, would defeat tree-shaking and bundle every locale).
 */
config(en());

/*
 * Every top-level schema in contracts/ is written `/* @__PURE__ *⁠/ (() => …)()`: a call with no
 * arguments that esbuild may drop when nothing uses its result. So a function bundles only the
 * schemas it uses, and no zod at all when it uses none (the authorizer, health). A bare
 * `/* @__PURE__ *⁠/ z.object({…})` is not enough: its arguments (`z.string().min(1)`) are calls
 * esbuild must keep, and they keep classic zod in.
 */

export * from 'zod/mini';
