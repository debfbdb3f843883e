import { validateHeaderName, validateHeaderValue } from 'node:http';

/** A Lambda proxy result the gateway can write, or nothing when API Gateway would call it malformed. */
export interface ProxyAnswer {
  readonly statusCode: number;
  /** Header names as the function spelt them; a name occurs once (multi-valued headers hold an array). */
  readonly headers: readonly (readonly [string, string | string[]])[];
  readonly body: Buffer;
}

/**
 * Headers API Gateway sets itself (it remaps a function's own to `x-amzn-Remapped-…`): a
 * function's Content-Length or Connection must not frame the gateway's answer.
 */
const gatewayOwnedHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'date', 'x-amzn-requestid']);

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a Lambda proxy result as API Gateway does (REST, "Output format of a Lambda function for
 * proxy integration"): a status code, `headers` and `multiValueHeaders` merged (the multi-value
 * entry wins for a name in both), a text or base64 body. Anything else is malformed: API Gateway
 * answers 502 then, which the stack's DEFAULT_5XX gateway response renders as the internal problem.
 */
export function proxyAnswer(result: unknown): ProxyAnswer | undefined {
  if (!isRecord(result)) return undefined;
  const statusCode = typeof result.statusCode === 'string' && /^\d{3}$/.test(result.statusCode) ? Number(result.statusCode) : result.statusCode;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (result.body != null && typeof result.body !== 'string') return undefined;
  if (result.isBase64Encoded != null && typeof result.isBase64Encoded !== 'boolean') return undefined;

  const merged = new Map<string, readonly [string, string | string[]]>();
  if (result.headers != null) {
    if (!isRecord(result.headers)) return undefined;
    for (const [name, value] of Object.entries(result.headers)) {
      if (!isScalar(value)) return undefined;
      merged.set(name.toLowerCase(), [name, String(value)]);
    }
  }
  if (result.multiValueHeaders != null) {
    if (!isRecord(result.multiValueHeaders)) return undefined;
    for (const [name, values] of Object.entries(result.multiValueHeaders)) {
      if (!Array.isArray(values) || !values.every(isScalar)) return undefined;
      merged.set(name.toLowerCase(), [name, values.map(String)]);
    }
  }
  const headers = [...merged].filter(([key]) => !gatewayOwnedHeaders.has(key)).map(([, header]) => header);
  try {
    for (const [name, value] of headers) {
      validateHeaderName(name);
      for (const one of ([] as string[]).concat(value)) validateHeaderValue(name, one);
    }
  } catch {
    return undefined;
  }
  const body = result.body ?? '';
  return { statusCode, headers, body: result.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8') };
}
