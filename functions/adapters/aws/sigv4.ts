import { createHash, createHmac } from 'node:crypto';

/*
 * AWS Signature Version 4 for a JSON-protocol POST (dynamodb-json-api.ts), by hand rather than
 * with the aws4 package: aws4 is 8.2 kB minified of the authorizer's 40 kB budget (bench,
 * bundle section), this is under 1 kB because it signs only what the JSON protocol sends — a
 * body, no query string, header values without line breaks. test/unit/sigv4.test.ts checks it
 * against the signature the AWS SDK itself computes for the same request.
 */

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface SignableRequest {
  readonly method: string;
  /** The URL's path as sent (already percent-encoded once, as `URL.pathname` gives it). */
  readonly path: string;
  /** Header names in lower case; every one given is signed, `host` included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `2026-11-30T10:14:15.123Z` → `20261130T101415Z`. */
export const amzDate = (at: Date) => at.toISOString().replace(/[-:]|\.\d{3}/g, '');

/** The headers to send: the request's own plus x-amz-date, the session token and authorization. */
export function signRequest(request: SignableRequest, credentials: Credentials, region: string, service: string, at: Date): Record<string, string> {
  const datetime = amzDate(at);
  const scope = `${datetime.slice(0, 8)}/${region}/${service}/aws4_request`;
  const headers: Record<string, string> = { ...request.headers, 'x-amz-date': datetime };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  // Services other than S3 sign the path encoded a second time, segment by segment.
  const canonicalPath = request.path.split('/').map(encodeURIComponent).join('/') || '/';
  const canonicalRequest = [
    request.method,
    canonicalPath,
    '',
    ...names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', datetime, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = [datetime.slice(0, 8), region, service, 'aws4_request'].reduce<string | Buffer>((k, part) => hmac(k, part), `AWS4${credentials.secretAccessKey}`);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
