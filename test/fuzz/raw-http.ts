import { connect } from 'node:net';

/**
 * A minimal HTTP/1.1 client over a raw socket. fetch and node:http refuse to *send* what the
 * fuzzer needs to send (NUL or bare CR in a header, a lowercase method, raw non-ASCII in the
 * path, `..` segments kept as they are), so requests are written byte for byte and the answer
 * is parsed here. One connection per request (`connection: close`).
 */
export interface RawRequest {
  readonly method: string;
  /** The request target exactly as written on the request line. */
  readonly target: string;
  /** In order; a name may repeat. Values are written as latin1 bytes (the wire's own view). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer;
}

export interface RawResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The connection closed (or reset) before a status line: no answer at all. */
  readonly noAnswer?: string;
}

export function encodeRequest(request: RawRequest): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const hasLength = request.headers.some(([name]) => name.toLowerCase() === 'content-length');
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (!hasLength && (body.length > 0 || ['POST', 'PUT', 'PATCH'].includes(request.method.toUpperCase()))) lines.push(`content-length: ${body.length}`);
  lines.push('connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
}

export function sendRaw(host: string, port: number, request: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host, port });
    let settled = false;
    const finish = (reason?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parseResponse(Buffer.concat(chunks));
      resolve(parsed ?? { status: 0, headers: {}, body: Buffer.alloc(0), noAnswer: reason ?? 'closed without a status line' });
    };
    const timer = setTimeout(() => finish('timed out'), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.write(encodeRequest(request));
  });
}

function parseResponse(data: Buffer): RawResponse | undefined {
  const headerEnd = data.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const [statusLine = '', ...headerLines] = data.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = data.subarray(headerEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status: Number(match[1]), headers, body };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
