import * as fc from 'fast-check';
import type { FuzzCase, FuzzWorld } from './fuzz-world';
import { encodeQueryPart, encodeTargetBytes, latin1Safe } from './fuzz-world';
import { hostileString, prototypeNames } from './hostile-values';
import { routeKey } from './openapi-model';
import type { RawRequest } from './raw-http';

/**
 * Requests no careful client sends: odd methods, path junk, prototype-named query keys, random
 * headers, arbitrary bytes as bodies (rawCase); and heads Node's HTTP parser itself refuses (wireCase).
 */
/** Junk a client or an attacker may send around any route: odd methods, paths, queries, headers. */
export function rawCase(world: FuzzWorld): fc.Arbitrary<FuzzCase> {
  const operation = fc.constantFrom(...world.operations);
  const pathJunk = fc.constantFrom('', '/', '//', '/.', '/..', '/%2e%2e', '%00', '%', '%zz', '/%C0%AE', ';x=1', '/' + 'a'.repeat(3000), '\u00e9', '\t', '/\u4e2d');
  const queryName = fc.oneof(fc.constantFrom(...prototypeNames), fc.constantFrom('a[b]', 'a[__proto__]', '', '=', '%00', 'x'.repeat(3000)), hostileString);
  return fc
    .record({
      operation,
      method: fc.oneof({ weight: 6, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 1, arbitrary: fc.constantFrom('get', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'FOO') }),
      suffix: fc.option(pathJunk, { freq: 3 }),
      query: fc.array(fc.tuple(queryName, fc.oneof(fc.constant(''), hostileString)), { maxLength: 4 }),
      headers: fc.array(fc.tuple(fc.oneof(fc.constantFrom('x-request-id', 'content-type', 'content-length', 'transfer-encoding', 'authorization', 'x-forwarded-for', '__proto__', 'constructor', 'toString'), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)), hostileString), { maxLength: 4 }),
      key: fc.boolean(),
      body: fc.option(fc.oneof(fc.constant(Buffer.alloc(0)), fc.constant(Buffer.from('\ufeff{}')), fc.uint8Array({ maxLength: 200 }).map(Buffer.from), fc.constantFrom(1024, 100 * 1024, 300 * 1024).map((n) => Buffer.alloc(n, 0xff)), fc.constant(Buffer.from(JSON.stringify({ a: 'x'.repeat(262_145) })))), { freq: 3 }),
    })
    .map(({ operation: op, method, suffix, query, headers, key, body }) => {
      const base = op.path.replace(/\{[^}]+\}/g, world.dossierCodes[0] ?? 'x');
      const search = query.length ? `?${query.map(([n, v]) => `${encodeQueryPart(n)}=${encodeQueryPart(v)}`).join('&')}` : '';
      const all: Array<readonly [string, string]> = [['host', 'twin']];
      if (key) all.push(['authorization', `Bearer ${world.keys.all}`]);
      for (const [name, value] of headers) {
        if (name === 'content-length' || name === 'transfer-encoding') continue; // framing junk belongs to the wire cases
        all.push([name, latin1Safe(value)]);
      }
      const target = `${base}${suffix ?? ''}${search}`;
      const matches = suffix === null && (method === undefined || method === op.method);
      return {
        route: matches ? routeKey(op.method, op.path) : '(no route)',
        generator: `raw: ${[method && 'method', suffix !== null && 'path', query.length && 'query', headers.length && 'headers', body && 'body'].filter(Boolean).join('+') || 'plain'}`,
        format: matches && op.operationId === 'getVnpayIpn' ? ('vnpay' as const) : matches && op.operationId === 'postPaygovConfirmation' ? ('paygov' as const) : matches && op.operationId === 'postMomoIpn' ? ('momo' as const) : matches && op.operationId === 'getHealth' ? ('health' as const) : ('api' as const),
        build: () => ({ method: method ?? op.method, target: encodeTargetBytes(target), headers: all, body: body ?? undefined }),
      };
    })
    .filter((c) => {
      const request = c.build();
      return request.target.length + request.headers.reduce((sum, [n, v]) => sum + n.length + v.length + 4, 0) <= 12_000;
    });
}

/** Requests that Node's HTTP parser itself refuses (bad bytes in the head, oversize heads). */
export const wireCase: fc.Arbitrary<FuzzCase> = fc
  .constantFrom(
    { label: 'NUL in a header value', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x-a', 'a\u0000b']] } },
    { label: 'bare CR in a header value', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x-a', 'a\rb']] } },
    { label: 'raw non-ASCII in the path', request: { method: 'GET', target: '/v1/health\u00e9', headers: [['host', 'twin']] } },
    { label: 'TAB in the path', request: { method: 'GET', target: '/v1/he\talth', headers: [['host', 'twin']] } },
    { label: 'lowercase method', request: { method: 'get', target: '/v1/health', headers: [['host', 'twin']] } },
    { label: 'headers over 16 KB', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x-big', 'a'.repeat(17_000)]] } },
    { label: 'URL over 16 KB', request: { method: 'GET', target: `/v1/health?q=${'a'.repeat(17_000)}`, headers: [['host', 'twin']] } },
    { label: 'invalid header name', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x a', '1']] } },
    { label: 'content-length and chunked', request: { method: 'POST', target: '/v1/payments/callbacks/momo', headers: [['host', 'twin'], ['content-length', '2'], ['transfer-encoding', 'chunked']], body: Buffer.from('0\r\n\r\n') } },
    { label: 'negative content-length', request: { method: 'POST', target: '/v1/payments/callbacks/momo', headers: [['host', 'twin'], ['content-length', '-1']] } },
  )
  .map(({ label, request }) => ({ route: '(no route)', generator: `wire: ${label}`, format: 'api' as const, build: () => request as RawRequest }));
