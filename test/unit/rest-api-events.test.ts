import { describe, expect, it } from 'vitest';
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import { headerValue } from '../../functions/http/headers';
import { incomingCall, proxyEvent } from '../../infra/local/rest-api-events';

/** Names that are members of Object.prototype: a map built by assignment into `{}` breaks on them. */
const prototypeNames = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'toLocaleString'];

const healthRoute = routes.find((route) => route.path === '/v1/health') as Route;

function call(target: string, rawHeaders: string[] = []) {
  return incomingCall({ method: 'GET', target, rawHeaders: ['Host', 'api.example', ...rawHeaders], body: Buffer.alloc(0), sourceIp: '203.0.113.9' });
}

describe('the query maps of the proxy event', () => {
  it.each(prototypeNames)('holds a query key named %s as an own property with the caller’s values', (name) => {
    // Act
    const { queryStringParameters, multiValueQueryStringParameters } = call(`/v1/health?${encodeURIComponent(name)}=1&${encodeURIComponent(name)}=2`);

    // Assess: the single map keeps the last value, the multi map every value, in order (API Gateway REST).
    expect(Object.hasOwn(queryStringParameters!, name)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(queryStringParameters, name)?.value).toBe('2');
    expect(Object.getOwnPropertyDescriptor(multiValueQueryStringParameters, name)?.value).toEqual(['1', '2']);
    expect(Object.getPrototypeOf(queryStringParameters)).toBe(Object.prototype);
  });

  it('is null, both maps, for a URL without a query or with an empty one', () => {
    // Act
    const without = call('/v1/health');
    const empty = call('/v1/health?');

    // Assess
    expect([without.queryStringParameters, without.multiValueQueryStringParameters]).toEqual([null, null]);
    expect([empty.queryStringParameters, empty.multiValueQueryStringParameters]).toEqual([null, null]);
  });

  it('keeps the path exactly as sent and decodes the query', () => {
    // Act
    const parsed = call('//v1/health/%2e%2e?a%20b=c%26d&flag');

    // Assess
    expect(parsed.path).toBe('//v1/health/%2e%2e');
    expect(parsed.queryStringParameters).toEqual({ 'a b': 'c&d', flag: '' });
  });
});

describe('the header maps of the proxy event', () => {
  it.each(prototypeNames)('holds a header named %s as an own property with the caller’s value', (name) => {
    // Act
    const { headers, multiValueHeaders } = call('/v1/health', [name, 'first', name, 'second']);

    // Assess
    expect(Object.getOwnPropertyDescriptor(headers, name)?.value).toBe('second');
    expect(Object.getOwnPropertyDescriptor(multiValueHeaders, name)?.value).toEqual(['first', 'second']);
    expect(headerValue(headers, name.toLowerCase())).toBe('second');
  });

  it('keeps the caller’s spelling and merges spellings of one name, its last value winning', () => {
    // Act
    const { headers, multiValueHeaders } = call('/v1/health', ['X-Request-Id', 'a', 'x-request-id', 'b', 'Content-Type', 'application/json']);

    // Assess
    expect(headers).toEqual({ Host: 'api.example', 'X-Request-Id': 'b', 'Content-Type': 'application/json' });
    expect(multiValueHeaders['X-Request-Id']).toEqual(['a', 'b']);
  });

  it('never reads a header through the prototype', () => {
    // Act & Assess: a map without the header answers undefined, not Object.prototype's member.
    expect(headerValue({ host: 'a' }, 'constructor')).toBeUndefined();
    expect(headerValue({ host: 'a' }, 'tostring')).toBeUndefined();
    expect(headerValue(null, 'host')).toBeUndefined();
  });
});

describe('the proxy event as the function receives it, across JSON', () => {
  it('carries every prototype-named key as data', () => {
    // Prepare
    const rawHeaders = prototypeNames.flatMap((name) => [name, `h-${name}`]);
    const target = `/v1/health?${prototypeNames.map((name) => `${encodeURIComponent(name)}=q-${name}`).join('&')}`;

    // Act: what Lambda delivers is JSON.parse of the serialised event.
    const delivered = JSON.parse(JSON.stringify(proxyEvent(call(target, rawHeaders), healthRoute, {}, 'gw-1', null)));

    // Assess
    for (const name of prototypeNames) {
      expect(Object.getOwnPropertyDescriptor(delivered.headers, name)?.value).toBe(`h-${name}`);
      expect(Object.getOwnPropertyDescriptor(delivered.queryStringParameters, name)?.value).toBe(`q-${name}`);
      expect(Object.getOwnPropertyDescriptor(delivered.multiValueQueryStringParameters, name)?.value).toEqual([`q-${name}`]);
    }
    expect(delivered.requestContext.requestId).toBe('gw-1');
  });
});
