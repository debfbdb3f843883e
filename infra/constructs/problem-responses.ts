import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import type { GatewayProblem } from '../../contracts/api/gateway-problems';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType } from '../../contracts/api/problem';

/** An error API Gateway raises itself, and the shared problem it answers with. */
interface ProblemResponse {
  readonly type: ResponseType;
  readonly problem: GatewayProblem;
  /**
   * Use API Gateway's own message (already a quoted JSON string) as `detail` instead of the shared
   * one: where the message names the fault (which parameter is missing) or where the shared detail
   * would describe a different cause than the one that occurred (a WAF block is not a scope problem).
   */
  readonly detailFromGateway?: boolean;
  readonly headers?: Record<string, string>;
}

/**
 * Every response type API Gateway can raise. Titles, types and statuses come from
 * contracts/api/gateway-problems.ts, which the local twin answers with too, so a client sees the
 * same problem from either. DEFAULT_4XX/5XX only catch types AWS may add later; their status is
 * pinned (400/500) because a gateway-response template cannot read the status and the body's
 * `status` must equal the status line (RFC 9457 §3.1.4).
 */
const problemResponses: readonly ProblemResponse[] = [
  {
    type: ResponseType.UNAUTHORIZED,
    problem: gatewayProblems.unauthenticated,
    // RFC 9110 §15.5.2: a 401 names the scheme the client should use.
    headers: { 'WWW-Authenticate': "'Bearer'" },
  },
  { type: ResponseType.ACCESS_DENIED, problem: gatewayProblems.forbidden },
  // API Gateway answers an unknown path (or a method on a resource without routes) as a missing token.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, problem: gatewayProblems.routeNotFound },
  { type: ResponseType.RESOURCE_NOT_FOUND, problem: gatewayProblems.routeNotFound },
  { type: ResponseType.REQUEST_TOO_LARGE, problem: gatewayProblems.payloadTooLarge },
  // The stage throttle answers before any function runs; its bucket refills every second.
  { type: ResponseType.THROTTLED, problem: gatewayProblems.tooManyRequests, headers: { 'Retry-After': "'1'" } },
  {
    type: ResponseType.QUOTA_EXCEEDED,
    problem: gatewayProblems.tooManyRequests,
    detailFromGateway: true,
    headers: { 'Retry-After': "'1'" },
  },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, problem: gatewayProblems.invalidRequest, detailFromGateway: true },
  { type: ResponseType.BAD_REQUEST_BODY, problem: gatewayProblems.invalidRequest, detailFromGateway: true },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, problem: gatewayProblems.unsupportedMediaType },
  // Usage-plan keys, SigV4 and WAF are not used today; mapped anyway so no response escapes the format.
  { type: ResponseType.INVALID_API_KEY, problem: gatewayProblems.forbidden, detailFromGateway: true },
  { type: ResponseType.INVALID_SIGNATURE, problem: gatewayProblems.forbidden, detailFromGateway: true },
  { type: ResponseType.EXPIRED_TOKEN, problem: gatewayProblems.forbidden, detailFromGateway: true },
  { type: ResponseType.WAF_FILTERED, problem: gatewayProblems.forbidden, detailFromGateway: true },
  { type: ResponseType.AUTHORIZER_FAILURE, problem: gatewayProblems.authorizerFailure },
  { type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, problem: gatewayProblems.internal },
  { type: ResponseType.API_CONFIGURATION_ERROR, problem: gatewayProblems.internal },
  { type: ResponseType.INTEGRATION_FAILURE, problem: gatewayProblems.integrationFailure },
  { type: ResponseType.INTEGRATION_TIMEOUT, problem: gatewayProblems.integrationTimeout },
  { type: ResponseType.DEFAULT_4XX, problem: gatewayProblems.badRequest, detailFromGateway: true },
  { type: ResponseType.DEFAULT_5XX, problem: gatewayProblems.internal },
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
 * No `x-request-id` header: a gateway response's header values may only copy a request value
 * verbatim or be constants ("gatewayResponse" OpenAPI extension), so the caller's header could be
 * echoed only unchecked, against the rule of contracts/api/request-id.ts. A gateway answer names
 * API Gateway's own id instead, in the body's `requestId` and in the `x-amzn-RequestId` header API
 * Gateway adds to every response; the local twin answers alike.
 */
export function addProblemResponses(api: RestApi): void {
  for (const response of problemResponses) {
    api.addGatewayResponse(`Problem${pascalCase(response.type.responseType)}`, {
      type: response.type,
      statusCode: String(response.problem.status),
      responseHeaders: {
        'Content-Type': `'${problemContentType}'`,
        ...response.headers,
      },
      templates: { 'application/json': problemTemplate(response) },
    });
  }
}

function problemTemplate({ problem, detailFromGateway }: ProblemResponse): string {
  const detail = detailFromGateway ? '$context.error.messageString' : JSON.stringify(problem.detail);
  return (
    `{"type":${JSON.stringify(problem.type)},"title":${JSON.stringify(problem.title)},` +
    `"status":${problem.status},"detail":${detail},"requestId":"$context.requestId"}`
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
