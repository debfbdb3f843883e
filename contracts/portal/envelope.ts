import * as z from 'zod';
import * as zm from '../zod-mini';
import { portalFieldLimits } from './limits';

/** `POST {base}{authPath}` → a session token. */
export const PortalLoginRequest = /* @__PURE__ */ (() => z.strictObject({ username: z.string().min(1), password: z.string().min(1) }))();
export const PortalLoginAnswer = /* @__PURE__ */ (() => z.looseObject({
  error_code: z.union([z.string(), z.number()]).transform(String),
  message: z.string().optional(),
  session: z.string().optional(),
}))();

/** Every service call carries the session, the calling unit and the service name. */
// zod/mini, as are the request schemas built on it (./dossier.ts, ./progress.ts): the PUT function
// re-checks a translated dossier with them and bundles no classic zod (../zod-mini.ts).
export const portalServiceHeader = {
  session: /* @__PURE__ */ zm.string().check(zm.minLength(1)),
  madonvi: /* @__PURE__ */ zm.string().check(zm.minLength(1), zm.maxLength(portalFieldLimits.unitCode)),
};

/** `{ error_code, message, result }` — error_code arrives as a string or a number. */
export const PortalAnswer = /* @__PURE__ */ (() => z.looseObject({
  error_code: z.union([z.string(), z.number()]).transform(String),
  message: z.string().optional(),
  result: z.unknown().optional(),
}))();
export type PortalAnswer = z.output<typeof PortalAnswer>;

/** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. */
export const PortalTime = /* @__PURE__ */ (() => zm
  .string()
  .check(zm.regex(/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/, 'yyyyMMddHHmmss')))();
