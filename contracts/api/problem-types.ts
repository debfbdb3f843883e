/* Plain data, no schema library: every function bundles it (see ./problem.ts for the schemas). */

/**
 * Bounds of every problem document the gateway's functions answer. A hostile body can fail the
 * contract in hundreds of thousands of places; the answer must still be small (Lambda refuses a
 * response over 6 MB, and no caller reads past the first errors). The first `fieldErrors` are
 * listed, `errorsOmitted` counts the rest; texts are cut, and the whole document stays under
 * `documentBytes` (UTF-8).
 */
export const problemLimits = {
  fieldErrors: 100,
  /** A field error's `path` or `message`, in characters (a JSON Pointer may quote a hostile key). */
  fieldTextChars: 300,
  /** `detail`, in characters. */
  detailChars: 1000,
  documentBytes: 64 * 1024,
} as const;

export const problemContentType = 'application/problem+json';

/** Problem types are URNs: stable identifiers that need no web server to resolve. */
export const problemTypes = {
  validation: 'urn:lienthong:problem:validation',
  malformedJson: 'urn:lienthong:problem:malformed-json',
  unsupportedMediaType: 'urn:lienthong:problem:unsupported-media-type',
  payloadTooLarge: 'urn:lienthong:problem:payload-too-large',
  notFound: 'urn:lienthong:problem:not-found',
  routeNotFound: 'urn:lienthong:problem:route-not-found',
  methodNotAllowed: 'urn:lienthong:problem:method-not-allowed',
  unauthenticated: 'urn:lienthong:problem:unauthenticated',
  forbidden: 'urn:lienthong:problem:forbidden',
  versionConflict: 'urn:lienthong:problem:version-conflict',
  signatureRejected: 'urn:lienthong:problem:signature-rejected',
  eventReplayed: 'urn:lienthong:problem:event-replayed',
  dependencyUnavailable: 'urn:lienthong:problem:dependency-unavailable',
  dependencyRefused: 'urn:lienthong:problem:dependency-refused',
  idempotencyKeyReused: 'urn:lienthong:problem:idempotency-key-reused',
  requestInProgress: 'urn:lienthong:problem:request-in-progress',
  /** Answered by API Gateway itself (throttling, and any 4xx it has no better type for). */
  tooManyRequests: 'urn:lienthong:problem:too-many-requests',
  badRequest: 'urn:lienthong:problem:bad-request',
  /** Answered before routing when the URL or the headers exceed API Gateway's limits, or the request is too slow. */
  uriTooLong: 'urn:lienthong:problem:uri-too-long',
  headersTooLarge: 'urn:lienthong:problem:headers-too-large',
  requestTimeout: 'urn:lienthong:problem:request-timeout',
  internal: 'urn:lienthong:problem:internal',
} as const;
