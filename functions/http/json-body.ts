import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors';
import { headerValue } from './headers';

/**
 * The largest body the gateway accepts. A dossier snapshot carries document URLs, never bytes, so
 * 256 KiB is generous; it also keeps a stored snapshot well under DynamoDB's 400 KB item limit
 * (the STATE item holds the snapshot plus a little bookkeeping).
 */
export const maxBodyBytes = 256 * 1024;

type BodyEvent = Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>;

/** The body exactly as sent, as text — what signatures are computed over. Refuses oversize (413). */
export function readRawBody(event: BodyEvent): string {
  const raw = event.body == null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  // A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4), so a body of
  // up to a third of the limit in characters cannot be over it: skip counting on the hot path.
  if (raw.length * 3 <= maxBodyBytes) return raw;
  const size = Buffer.byteLength(raw, 'utf8');
  if (size <= maxBodyBytes) return raw;
  // API Gateway hands a non-binary body over decoded as UTF-8, each invalid byte replaced by U+FFFD
  // (3 bytes once re-encoded): 100 KiB of invalid bytes arrive as 300 KiB of text. Counted as the
  // one byte each stood for at least, such a body was within the limit: it is malformed, not too large.
  const replaced = countReplacementCharacters(raw);
  if (replaced > 0 && size - 2 * replaced <= maxBodyBytes) {
    throw new MalformedJsonError(`the body is not valid UTF-8 (${replaced} byte sequences could not be decoded)`);
  }
  throw new PayloadTooLargeError(maxBodyBytes, size);
}

function countReplacementCharacters(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\ufffd'); at !== -1; at = text.indexOf('\ufffd', at + 1)) count++;
  return count;
}

/** Parses a raw body declared as JSON: not JSON (415), not well-formed (400). */
export function parseJsonBody(raw: string, headers: BodyEvent['headers']): unknown {
  const contentType = headerValue(headers, 'content-type');
  if (!isJsonMediaType(contentType)) {
    throw new UnsupportedMediaTypeError(
      `send the body as application/json (charset utf-8); got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : 'no Content-Type'}`,
    );
  }
  if (raw.trim() === '') throw new MalformedJsonError('the body is empty; a JSON document is required');
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new MalformedJsonError(`the body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads a JSON body in the order a client can act on: too large (413), not JSON (415), not
 * well-formed (400). Header names are already lower-cased by the header normaliser.
 */
export function readJsonBody(event: BodyEvent): unknown {
  return parseJsonBody(readRawBody(event), event.headers);
}

function isJsonMediaType(header: string | undefined): boolean {
  if (!header) return false;
  if (header === 'application/json') return true; // what nearly every client sends
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  const jsonType = mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
  if (!jsonType) return false;
  // JSON is UTF-8 by RFC 8259; a caller declaring another charset would be misread.
  const charset = parameters.find((p) => p.startsWith('charset='));
  return !charset || charset.replace(/"/g, '') === 'charset=utf-8';
}
