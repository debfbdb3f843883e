import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayProblem } from '../../contracts/api/gateway-problems';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType } from '../../contracts/api/problem';
import { gatewayRequestIdHeader } from '../../contracts/api/request-id';
import { platformLimits } from '../../contracts/platform/limits';

/**
 * The answers the emulated gateway produces itself, as problem documents shaped like the CDK
 * stack's gateway responses (infra/constructs/problem-responses.ts): the shared problem plus the
 * gateway's own request id, in the body and in `x-amzn-RequestId`. Never the caller's
 * `x-request-id` (contracts/api/request-id.ts says why).
 */
export interface GatewayAnswer {
  readonly problem: Omit<GatewayProblem, 'detail'> & { readonly detail: string };
  /** Only the 405 names its instance, as the stack's method-not-allowed template does. */
  readonly instance?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

function problemBody({ problem, instance }: GatewayAnswer, requestId: string): string {
  return JSON.stringify({ ...problem, ...(instance === undefined ? {} : { instance }), requestId });
}

export function sendGatewayAnswer(response: ServerResponse, answer: GatewayAnswer, requestId: string, closeConnection = false): void {
  const body = problemBody(answer, requestId);
  response.writeHead(answer.problem.status, {
    'content-type': problemContentType,
    'content-length': Buffer.byteLength(body),
    ...answer.headers,
    [gatewayRequestIdHeader]: requestId,
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  response.end(body);
}

/**
 * The same answer written straight to a socket, for requests Node's HTTP parser refused (there is
 * no response object then): HTTP/1.1, and the connection closed after it, since the parser cannot
 * find where the next request would start.
 */
export function writeGatewayAnswer(socket: Duplex, answer: GatewayAnswer, requestId: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = problemBody(answer, requestId);
  const head = [
    `HTTP/1.1 ${answer.problem.status} ${STATUS_CODES[answer.problem.status] ?? ''}`,
    `date: ${new Date().toUTCString()}`,
    `content-type: ${problemContentType}`,
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(answer.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    `${gatewayRequestIdHeader}: ${requestId}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * What the gateway answers a request Node's parser refused. llhttp counts the request line and
 * the headers together against `maxHeaderSize`; when the request line alone is over the URL
 * limit, the cause is the URL (414), otherwise the headers (431).
 */
export function parserRefusal(error: Error & { code?: string; rawPacket?: Buffer }): GatewayAnswer {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const packet = error.rawPacket?.toString('latin1') ?? '';
    const lineEnd = packet.indexOf('\r\n');
    const requestLine = /^[A-Z]+ /.test(packet) ? (lineEnd < 0 ? packet : packet.slice(0, lineEnd)) : '';
    return { problem: requestLine.length > platformLimits.apiGatewayUrlChars ? gatewayProblems.uriTooLong : gatewayProblems.headersTooLarge };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { problem: gatewayProblems.requestTimeout };
  // llhttp's reasons are fixed texts ("Invalid header value char"): they say what to fix.
  const reason = error.message.replace(/^Parse Error: /, '');
  return { problem: { ...gatewayProblems.malformedRequest, detail: `${gatewayProblems.malformedRequest.detail} The parser said: ${reason}.` } };
}
