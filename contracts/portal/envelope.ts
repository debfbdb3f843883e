import * as z from '../zod-mini';
import { portalFieldLimits } from './limits';

/** error_code arrives as a string or a number; the gateway compares strings. */
const errorCode = () => z.pipe(z.union([z.string(), z.number()]), z.transform(String));

/** `POST {base}{authPath}` → a session token. */
export const PortalLoginRequest = /* @__PURE__ */ (() => z.strictObject({ username: z.string().check(z.minLength(1)), password: z.string().check(z.minLength(1)) }))();
export const PortalLoginAnswer = /* @__PURE__ */ (() => z.looseObject({
  error_code: errorCode(),
  message: z.optional(z.string()),
  session: z.optional(z.string()),
}))();

/** Every service call carries the session, the calling unit and the service name. */
// zod/mini, like every schema here and the request schemas built on them (./dossier.ts,
// ./progress.ts): the PUT function and the partner workers bundle no classic zod (../zod-mini.ts).
export const portalServiceHeader = {
  session: /* @__PURE__ */ z.string().check(z.minLength(1)),
  madonvi: /* @__PURE__ */ z.string().check(z.minLength(1), z.maxLength(portalFieldLimits.unitCode)),
};

/** `{ error_code, message, result }` — error_code arrives as a string or a number. */
export const PortalAnswer = /* @__PURE__ */ (() => z.looseObject({
  error_code: errorCode(),
  message: z.optional(z.string()),
  result: z.optional(z.unknown()),
}))();
export type PortalAnswer = z.output<typeof PortalAnswer>;

/** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. */
export const PortalTime = /* @__PURE__ */ (() => z
  .string()
  .check(z.regex(/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/, 'yyyyMMddHHmmss')))();
