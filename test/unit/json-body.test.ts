import { describe, expect, it } from 'vitest';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../functions/http/errors';
import { maxBodyBytes, readJsonBody } from '../../functions/http/json-body';

const event = (body: string | null, contentType?: string, isBase64Encoded = false) => ({
  body,
  isBase64Encoded,
  headers: contentType ? { 'content-type': contentType } : {},
});

describe('readJsonBody', () => {
  it('parses JSON sent as application/json, with or without charset, and +json types', () => {
    expect(readJsonBody(event('{"a":1}', 'application/json'))).toEqual({ a: 1 });
    expect(readJsonBody(event('{"a":1}', 'Application/JSON; charset=UTF-8'))).toEqual({ a: 1 });
    expect(readJsonBody(event('{"a":1}', 'application/merge-patch+json'))).toEqual({ a: 1 });
  });

  it('decodes base64 bodies', () => {
    expect(readJsonBody(event(Buffer.from('{"ồ":1}').toString('base64'), 'application/json', true))).toEqual({ ồ: 1 });
  });

  it('refuses bodies over the limit with 413 before anything else', () => {
    const big = `"${'x'.repeat(maxBodyBytes)}"`;
    expect(() => readJsonBody(event(big, 'text/plain'))).toThrow(PayloadTooLargeError);
  });

  it('answers 400, not 413, to invalid UTF-8 that was within the limit before U+FFFD replaced each bad byte', () => {
    // As API Gateway and the twin decode a non-binary body.
    const asDecoded = (bytes: Buffer) => event(bytes.toString('utf8'), 'application/json');
    const invalid = Buffer.alloc(100 * 1024, 0xff);
    expect(() => readJsonBody(asDecoded(invalid))).toThrow(MalformedJsonError);
    expect(() => readJsonBody(asDecoded(Buffer.concat([Buffer.from('{"a":"'), invalid, Buffer.from('"}')])))).toThrow(/not valid UTF-8/);
    expect(() => readJsonBody(asDecoded(Buffer.alloc(maxBodyBytes + 1, 0xff)))).toThrow(PayloadTooLargeError);
  });

  it('counts bytes, not characters: Vietnamese text is multi-byte', () => {
    const body = JSON.stringify('ễ'.repeat(Math.ceil(maxBodyBytes / 3) + 1));
    expect(() => readJsonBody(event(body, 'application/json'))).toThrow(PayloadTooLargeError);
  });

  it('refuses other media types and other charsets with 415', () => {
    expect(() => readJsonBody(event('{}', 'text/plain'))).toThrow(UnsupportedMediaTypeError);
    expect(() => readJsonBody(event('{}'))).toThrow(UnsupportedMediaTypeError);
    expect(() => readJsonBody(event('{}', 'application/json; charset=latin1'))).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses malformed or empty JSON with 400', () => {
    expect(() => readJsonBody(event('{"a":', 'application/json'))).toThrow(MalformedJsonError);
    expect(() => readJsonBody(event('', 'application/json'))).toThrow(MalformedJsonError);
    expect(() => readJsonBody(event(null, 'application/json'))).toThrow(MalformedJsonError);
  });
});
