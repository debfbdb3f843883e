import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPartnerHttpError, partnerHttpClient, type PartnerHttpError } from '../../functions/adapters/partners/partner-http-client';

/*
 * The partner HTTP client against a real local server: what the adapters rely on from it (the
 * codes the ledger records, statuses, bodies, headers, no redirects, pooled connections).
 */

interface Seen {
  readonly method?: string;
  readonly url?: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];
let connections = 0;
/** Released when a test is over, so a hanging request does not keep the server open. */
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const route = req.url ?? '';
      if (route.endsWith('/reset')) return req.socket.destroy();
      if (route.endsWith('/hang')) return void hanging.push(res);
      if (route.endsWith('/redirect')) return void res.writeHead(302, { location: '/api/json' }).end();
      if (route.endsWith('/busy')) return void res.writeHead(429, { 'retry-after': '7' }).end('{"error":"busy"}');
      if (route.endsWith('/text')) return void res.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>');
      if (route.endsWith('/empty')) return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const failure = async (call: Promise<unknown>): Promise<PartnerHttpError> => {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPartnerHttpError(error)) throw new Error(`expected a PartnerHttpError, got ${String(error)}`);
  return error;
};

describe('partnerHttpClient', () => {
  it('POSTs an object as JSON under the base URL path, with default and per-call headers, and parses a JSON answer', async () => {
    const client = partnerHttpClient(() => ({ baseUrl: `${base}/api/`, timeoutMs: 2000, headers: { 'x-unit': 'H29' } }));
    const response = await client().post('/json', { MaHoSo: 'A-1' }, { headers: { authorization: 'Bearer t' } });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ echo: '{"MaHoSo":"A-1"}' });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/api/json' });
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'x-unit': 'H29', authorization: 'Bearer t' });
  });

  it('sends a string body as it is, with the caller content-type, to an absolute URL despite a base URL', async () => {
    const client = partnerHttpClient(() => ({ baseUrl: 'http://127.0.0.1:1/never', timeoutMs: 2000 }));
    await client().post(`${base}/json`, '{"signed":true}', { headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(seen.at(-1)).toMatchObject({ url: '/json', body: '{"signed":true}', headers: { 'content-type': 'application/json; charset=utf-8' } });
  });

  it('returns an answer that is not JSON as its text, and an empty one as an empty string', async () => {
    const client = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 2000 }));
    expect((await client().post('/text', {})).data).toBe('<ok/>');
    expect((await client().post('/empty', {})).data).toBe('');
  });

  it('throws a non-2xx answer with its status and headers, unless every status is an answer', async () => {
    const strict = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 2000 }));
    const error = await failure(strict().post('/busy', {}));
    expect(error.code).toBe('ERR_BAD_REQUEST');
    expect(error.response?.status).toBe(429);
    expect(error.response?.headers.get('retry-after')).toBe('7');
    const lenient = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 2000, acceptEveryStatus: true }));
    const answer = await lenient().post('/busy', {});
    expect(answer.status).toBe(429);
    expect(answer.data).toEqual({ error: 'busy' });
  });

  it('does not follow a redirect: a 3xx is an answer like any other non-2xx', async () => {
    const before = seen.length;
    const strict = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 2000 }));
    expect((await failure(strict().post('/redirect', {}))).response?.status).toBe(302);
    const lenient = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 2000, acceptEveryStatus: true }));
    expect((await lenient().post('/redirect', {})).status).toBe(302);
    expect(seen.slice(before).map((request) => request.url)).toEqual(['/redirect', '/redirect']);
  });

  it('names a timeout ECONNABORTED, a reset ECONNRESET and a refused connection ECONNREFUSED, without a response', async () => {
    const client = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 150 }));
    const timedOut = await failure(client().post('/hang', {}));
    expect(timedOut.code).toBe('ECONNABORTED');
    expect(timedOut.response).toBeUndefined();
    expect((await failure(client().post('/reset', {}))).code).toBe('ECONNRESET');

    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = partnerHttpClient(() => ({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 }));
    expect((await failure(refused().post('/json', {}))).code).toBe('ECONNREFUSED');
  });

  it('keeps the error free of the request it failed on', async () => {
    const client = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 2000 }));
    const error = await failure(client().post('/busy', { SoCMND: '079123456789' }));
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('079123456789');
  });

  it('reuses one pooled connection for consecutive calls', async () => {
    const client = partnerHttpClient(() => ({ baseUrl: base, timeoutMs: 2000 }));
    await client().post('/json', {});
    const opened = connections;
    for (let i = 0; i < 3; i++) await client().post('/json', { i });
    expect(connections).toBe(opened);
  });
});
