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
} as const;

export type GatewayProblem = (typeof gatewayProblems)[keyof typeof gatewayProblems];
