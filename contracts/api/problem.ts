import * as z from 'zod';
import { problemLimits } from './problem-types';

/*
 * The problem document's schemas, for the OpenAPI document and the tests. The constants the
 * functions need at run time live in ./problem-types.ts, which is free of zod: a function that
 * validates nothing (the authorizer) must not bundle a schema library to name an error.
 */
export { problemContentType, problemLimits, problemTypes } from './problem-types';

/** RFC 9457 problem details; `errors` lists the failing fields (the first 100), `errorsOmitted` counts the rest. */
export const FieldError = /* @__PURE__ */ (() => z
  .strictObject({
    location: z.enum(['body', 'path', 'query', 'header']),
    path: z.string().describe('JSON Pointer (RFC 6901) into the location, e.g. /applicant/name'),
    message: z.string(),
  })
  .meta({ id: 'FieldError' }))();
export type FieldError = z.infer<typeof FieldError>;

export const Problem = /* @__PURE__ */ (() => z
  .looseObject({
    type: z.string().describe('stable URI per error kind'),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldError).max(problemLimits.fieldErrors).optional(),
    errorsOmitted: z.int().min(1).optional().describe('how many more fields failed than `errors` lists'),
  })
  .meta({ id: 'Problem' }))();
export type Problem = z.infer<typeof Problem>;
