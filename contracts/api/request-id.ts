import * as z from 'zod';

/**
 * The request-id rule, declared once for the functions, the local twin and the docs.
 *
 * Every answer carries the gateway's own id in `x-amzn-RequestId` (API Gateway adds that header
 * to every response; the twin does the same). An answer a function produced also carries
 * `x-request-id`: the caller's own `x-request-id` when it matches {@link requestIdPattern},
 * otherwise the gateway's id. An answer the gateway produced itself (401, 403, 404, 405, 413,
 * 429, its 5xx, and in the twin the HTTP parser's 400/408/414/431) never echoes the caller's
 * header: API Gateway's gateway responses cannot check a value (their templates are not VTL and
 * a header mapping can only copy a request value verbatim or a constant), so on both sides such
 * an answer names only the gateway's id, in `x-amzn-RequestId` and in the problem's `requestId`.
 *
 * The pattern admits UUIDs, ULIDs, W3C trace ids and `service:sequence` tokens, and nothing that
 * could split a log line, a header or a JSON string.
 */
export const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation header, echoed by the functions when it matches the pattern. */
export const requestIdHeader = 'x-request-id';

/** The gateway's own id of the request, on every answer (AWS spells it `x-amzn-RequestId`). */
export const gatewayRequestIdHeader = 'x-amzn-requestid';

export const RequestId = /* @__PURE__ */ (() => z
  .string()
  .regex(requestIdPattern)
  .meta({
    id: 'RequestId',
    description:
      'Echoed in x-request-id by every answer a function produces when it is 1 to 128 of A-Z a-z 0-9 . _ : -; ' +
      "otherwise (and on answers of the gateway itself) the gateway's own id is used.",
  }))();

/** The caller's id when it may be echoed; undefined when a fresh id must be used instead. */
export function echoableRequestId(given: unknown): string | undefined {
  return typeof given === 'string' && requestIdPattern.test(given) ? given : undefined;
}
