import { platformLimits } from '../platform/limits';
import { problemTypes } from './problem';

/**
 * The problems API Gateway itself answers before any function runs (gateway responses). The CDK
 * stack renders them as response templates; the local twin answers them the same way.
 */
export const gatewayProblems = {
  unauthenticated: {
    status: 401,
    type: problemTypes.unauthenticated,
    title: 'Authentication required',
    detail: 'Send "Authorization: Bearer <API key>"; the key is missing, malformed, unknown or revoked.',
  },
  forbidden: {
    status: 403,
    type: problemTypes.forbidden,
    title: 'Forbidden',
    detail: 'The API key does not carry the scope this route requires.',
  },
  routeNotFound: {
    status: 404,
    type: problemTypes.routeNotFound,
    title: 'No such route',
    detail: 'No route of this API matches the path; see /openapi.json.',
  },
  methodNotAllowed: {
    status: 405,
    type: problemTypes.methodNotAllowed,
    title: 'Method not allowed',
    detail: 'The path exists but does not accept this method; the Allow header lists the ones it does.',
  },
  payloadTooLarge: {
    status: 413,
    type: problemTypes.payloadTooLarge,
    title: 'The body is larger than the gateway accepts',
    detail: 'API Gateway accepts at most 10 MB; the functions accept at most 256 KiB.',
  },
  authorizerFailure: {
    status: 500,
    type: problemTypes.internal,
    title: 'Authorizer failure',
    detail: 'The API key could not be checked; retry later.',
  },
  invalidRequest: {
    status: 400,
    type: problemTypes.validation,
    // The functions answer this type with the same title (RFC 9457: one title per type).
    title: 'The request does not satisfy the contract',
    detail: 'A required path, query or header parameter is missing or malformed.',
  },
  unsupportedMediaType: {
    status: 415,
    type: problemTypes.unsupportedMediaType,
    title: 'Unsupported media type',
    detail: 'Send the body as application/json.',
  },
  tooManyRequests: {
    status: 429,
    type: problemTypes.tooManyRequests,
    title: 'Too many requests',
    detail: "The gateway's request rate was exceeded; retry with exponential backoff.",
  },
  /** Any 4xx API Gateway may add later, before this list knows it. */
  badRequest: {
    status: 400,
    type: problemTypes.badRequest,
    title: 'The request was rejected',
    detail: 'The gateway rejected the request before any route handled it.',
  },
  /**
   * Refused before any route is looked at: not HTTP/1.1 the parser accepts (a NUL or bare CR in a
   * header, a raw non-ASCII byte or TAB in the path, a lower-case method), or over API Gateway's
   * URL or header limits (contracts/platform/limits.ts). In AWS the endpoint's front door answers
   * these and no gateway response reshapes them; the twin answers them as problems like all its own.
   */
  malformedRequest: {
    status: 400,
    type: problemTypes.badRequest,
    title: 'The request was rejected',
    detail: 'The request is not well-formed HTTP/1.1: check the method, the request target and the header lines.',
  },
  uriTooLong: {
    status: 414,
    type: problemTypes.uriTooLong,
    title: 'The URL is too long',
    detail: `The path and query together may have at most ${platformLimits.apiGatewayUrlChars} characters.`,
  },
  headersTooLarge: {
    status: 431,
    type: problemTypes.headersTooLarge,
    title: 'The request headers are too large',
    detail: `All header lines together may have at most ${platformLimits.apiGatewayHeaderBytes} bytes.`,
  },
  requestTimeout: {
    status: 408,
    type: problemTypes.requestTimeout,
    title: 'The request was not received in time',
    detail: 'The request line, headers or body arrived too slowly; send the request again.',
  },
  internal: {
    status: 500,
    type: problemTypes.internal,
    title: 'Internal error',
    detail: 'The gateway failed to handle the request; the request id identifies the failure in the logs.',
  },
  integrationFailure: {
    status: 504,
    type: problemTypes.dependencyUnavailable,
    title: 'A dependency is unavailable; retry the request',
    detail: 'The function behind this route failed to answer; retry later.',
  },
  integrationTimeout: {
    status: 504,
    type: problemTypes.dependencyUnavailable,
    title: 'A dependency is unavailable; retry the request',
    detail: 'The function behind this route did not answer within the time limit; retry later.',
  },
} as const;

export type GatewayProblem = (typeof gatewayProblems)[keyof typeof gatewayProblems];
