/**
 * The HTTP client every partner call goes through: Node's built-in fetch (undici), which pools
 * keep-alive connections per origin by default, so a warm Lambda reuses its TLS connection to a
 * partner. It replaced axios, whose 85 kB (plus follow-redirects and proxy-from-env) every
 * partner worker bundle carried for JSON POSTs.
 *
 * It keeps the behaviour the adapters were written against: a per-request timeout (covering the
 * answer's body too), JSON bodies, an answer's body parsed as JSON when it is JSON and returned as
 * text otherwise, non-2xx answers thrown unless the caller classifies every status itself, and the
 * transport codes the ledger records (ECONNREFUSED, ECONNRESET, ECONNABORTED for a timeout…).
 * Redirects are never followed: partners do not redirect, a redirected POST would carry the
 * payload and credentials to another place, and a 3xx is therefore an answer like any non-2xx.
 */

export interface PartnerHttpSettings {
  /** Prefix joined to each request's path; a request may give an absolute URL instead. */
  readonly baseUrl?: string;
  readonly timeoutMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Every status is an answer the caller classifies; only transport failures throw. */
  readonly acceptEveryStatus?: boolean;
}

export interface PartnerResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or the body's text when it is not JSON ('' when empty). */
  readonly data: unknown;
}

/**
 * A call that got no usable answer (`response` undefined: refused, reset, timed out) or a non-2xx
 * one. Holds neither the request nor its body, so logging it cannot leak a payload.
 */
export class PartnerHttpError extends Error {
  override readonly name = 'PartnerHttpError';
  constructor(
    /** A Node transport code (ECONNREFUSED, ECONNRESET, ENOTFOUND…), ECONNABORTED for our timeout, ETIMEDOUT for undici's, ERR_BAD_REQUEST/ERR_BAD_RESPONSE for a 4xx/5xx. */
    readonly code: string,
    message: string,
    readonly response?: { readonly status: number; readonly headers: Headers },
  ) {
    super(message);
  }
}

export const isPartnerHttpError = (error: unknown): error is PartnerHttpError => error instanceof PartnerHttpError;

export interface PartnerHttpClient {
  post(pathOrUrl: string, body: string | object, options?: { headers?: Readonly<Record<string, string>> }): Promise<PartnerResponse>;
}

/** undici's names for failures that Node's own http module (and so the ledger's history) names otherwise. */
const undiciCodes: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
};

/** The stable code of a fetch failure: fetch wraps the transport error as the `cause` of a TypeError. */
function transportCode(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'ECONNABORTED';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code === undefined ? 'ERR_NETWORK' : (undiciCodes[code] ?? code);
}

/** Joins like axios did, so a base URL with a path prefix keeps it (new URL(path, base) would drop it). */
function requestUrl(baseUrl: string | undefined, pathOrUrl: string): string {
  if (baseUrl === undefined || /^[a-z][a-z\d+.-]*:\/\//i.test(pathOrUrl)) return pathOrUrl;
  return `${baseUrl.replace(/\/+$/, '')}/${pathOrUrl.replace(/^\/+/, '')}`;
}

function parseBody(text: string): unknown {
  if (text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function post(settings: PartnerHttpSettings, pathOrUrl: string, body: string | object, extraHeaders?: Readonly<Record<string, string>>): Promise<PartnerResponse> {
  const headers: Record<string, string> = { accept: 'application/json, text/plain, */*', ...settings.headers, ...extraHeaders };
  if (typeof body !== 'string' && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  let status: number;
  let responseHeaders: Headers;
  let data: unknown;
  try {
    const response = await fetch(requestUrl(settings.baseUrl, pathOrUrl), {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    status = response.status;
    responseHeaders = response.headers;
    // Read even when the status is an error: an unread body keeps its connection out of the pool.
    data = parseBody(await response.text());
  } catch (error) {
    const code = transportCode(error);
    throw new PartnerHttpError(code, `partner call failed: ${code}`);
  }
  if (!settings.acceptEveryStatus && (status < 200 || status >= 300)) {
    throw new PartnerHttpError(status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', `partner answered HTTP ${status}`, { status, headers: responseHeaders });
  }
  return { status, headers: responseHeaders, data };
}

/** A client for one partner. `settings` is read at each call (the config is itself cached), so configuration is validated at first use. */
export function partnerHttpClient(settings: () => PartnerHttpSettings): () => PartnerHttpClient {
  const client: PartnerHttpClient = { post: (pathOrUrl, body, options) => post(settings(), pathOrUrl, body, options?.headers) };
  return () => client;
}
