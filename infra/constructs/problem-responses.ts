import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { problemContentType, problemTypes } from '../../contracts/api/problem';

/**
 * Not in contracts/api/problem.ts because only API Gateway answers it: the stage's throttle
 * rejects the request before any function runs.
 */
export const tooManyRequestsProblemType = 'urn:lienthong:problem:too-many-requests';

/** What the caller may read out of an error API Gateway raises itself. */
interface ProblemResponse {
  readonly type: ResponseType;
  readonly status: number;
  readonly problemType: string;
  readonly title: string;
  /** Fixed text; when absent, API Gateway's own message (already a quoted JSON string) is used. */
  readonly detail?: string;
  readonly headers?: Record<string, string>;
}

/**
 * Every response type API Gateway can raise, each with its real status. DEFAULT_4XX/5XX only
 * catch types AWS may add later; their status is pinned (400/500) because a gateway-response
 * template cannot read the status and the body's `status` must equal the status line (RFC 9457 §3.1.4).
 */
const problemResponses: readonly ProblemResponse[] = [
  {
    type: ResponseType.UNAUTHORIZED,
    status: 401,
    problemType: problemTypes.unauthenticated,
    title: 'Authentication required',
    detail: 'Send an active API key as `Authorization: Bearer <key>`.',
    // RFC 9110 §15.5.2: a 401 names the scheme the client should use.
    headers: { 'WWW-Authenticate': "'Bearer'" },
  },
  {
    type: ResponseType.ACCESS_DENIED,
    status: 403,
    problemType: problemTypes.forbidden,
    title: 'Forbidden',
    detail: "The API key's scopes do not include this operation.",
  },
  // API Gateway answers an unknown path (or a method on a resource without routes) as a missing token.
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: 404,
    problemType: problemTypes.routeNotFound,
    title: 'Route not found',
    detail: 'No route matches this path; GET /openapi.json lists every route.',
  },
  {
    type: ResponseType.RESOURCE_NOT_FOUND,
    status: 404,
    problemType: problemTypes.routeNotFound,
    title: 'Route not found',
    detail: 'No route matches this path; GET /openapi.json lists every route.',
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    problemType: problemTypes.payloadTooLarge,
    title: 'The body is larger than the gateway accepts',
  },
  {
    type: ResponseType.THROTTLED,
    status: 429,
    problemType: tooManyRequestsProblemType,
    title: 'Too many requests',
    detail: "The gateway's request rate was exceeded; retry with exponential backoff.",
    headers: { 'Retry-After': "'1'" },
  },
  {
    type: ResponseType.QUOTA_EXCEEDED,
    status: 429,
    problemType: tooManyRequestsProblemType,
    title: 'Too many requests',
    headers: { 'Retry-After': "'1'" },
  },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, status: 400, problemType: problemTypes.validation, title: 'The request is invalid' },
  { type: ResponseType.BAD_REQUEST_BODY, status: 400, problemType: problemTypes.validation, title: 'The request is invalid' },
  {
    type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    problemType: problemTypes.unsupportedMediaType,
    title: 'Unsupported media type',
  },
  // Usage-plan keys, SigV4 and WAF are not used today; mapped anyway so no response escapes the format.
  { type: ResponseType.INVALID_API_KEY, status: 403, problemType: problemTypes.forbidden, title: 'Forbidden' },
  { type: ResponseType.INVALID_SIGNATURE, status: 403, problemType: problemTypes.forbidden, title: 'Forbidden' },
  { type: ResponseType.EXPIRED_TOKEN, status: 403, problemType: problemTypes.forbidden, title: 'Forbidden' },
  { type: ResponseType.WAF_FILTERED, status: 403, problemType: problemTypes.forbidden, title: 'Forbidden' },
  {
    type: ResponseType.AUTHORIZER_FAILURE,
    status: 500,
    problemType: problemTypes.internal,
    title: 'Internal error',
    detail: 'The API key could not be checked; the request id identifies the failure in the logs.',
  },
  { type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, status: 500, problemType: problemTypes.internal, title: 'Internal error' },
  { type: ResponseType.API_CONFIGURATION_ERROR, status: 500, problemType: problemTypes.internal, title: 'Internal error' },
  {
    type: ResponseType.INTEGRATION_FAILURE,
    status: 504,
    problemType: problemTypes.dependencyUnavailable,
    title: 'The gateway could not complete the request',
  },
  {
    type: ResponseType.INTEGRATION_TIMEOUT,
    status: 504,
    problemType: problemTypes.dependencyUnavailable,
    title: 'The gateway could not complete the request in time',
  },
  {
    type: ResponseType.DEFAULT_4XX,
    status: 400,
    problemType: 'urn:lienthong:problem:bad-request',
    title: 'The request was rejected',
  },
  { type: ResponseType.DEFAULT_5XX, status: 500, problemType: problemTypes.internal, title: 'Internal error' },
];

/**
 * Rewrites API Gateway's own `{"message": ...}` errors into RFC 9457 problem documents, so a client
 * parses one error format whether a function or the gateway answered.
 *
 * Gateway-response templates are plain variable substitution, not VTL (API Gateway developer guide,
 * "x-amazon-apigateway-gateway-responses.responseTemplates"): nothing can be escaped, so only values
 * that are safe inside a JSON string are substituted. That is why `instance` (the raw path) is left
 * out and `requestId` identifies the occurrence instead.
 *
 * Header values may only come from the request or be static ("gatewayResponse" OpenAPI extension),
 * so `x-request-id` echoes the caller's own header when one was sent; API Gateway's id is always in
 * the body and in the `x-amzn-RequestId` header it adds to every response.
 */
export function addProblemResponses(api: RestApi): void {
  for (const response of problemResponses) {
    api.addGatewayResponse(`Problem${pascalCase(response.type.responseType)}`, {
      type: response.type,
      statusCode: String(response.status),
      responseHeaders: {
        'Content-Type': `'${problemContentType}'`,
        'x-request-id': 'method.request.header.x-request-id',
        ...response.headers,
      },
      templates: { 'application/json': problemTemplate(response) },
    });
  }
}

function problemTemplate(response: ProblemResponse): string {
  const detail = response.detail === undefined ? '$context.error.messageString' : JSON.stringify(response.detail);
  return (
    `{"type":${JSON.stringify(response.problemType)},"title":${JSON.stringify(response.title)},` +
    `"status":${response.status},"detail":${detail},"requestId":"$context.requestId"}`
  );
}

/** `MISSING_AUTHENTICATION_TOKEN` → `MissingAuthenticationToken`, for stable construct ids. */
function pascalCase(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
