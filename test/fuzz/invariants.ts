import { problemContentType, problemTypes } from '../../contracts/api/problem';
import { platformLimits } from '../../contracts/platform/limits';
import { vnpayIpnCodes } from '../../contracts/payment/vnpay';
import type { RawResponse } from './raw-http';
import type { AnswerFormat } from './requests';

/**
 * What every answer must be, whatever was sent (issue 9): never 5xx (but the documented 503 "a
 * dependency is unavailable, retry"); an error is a problem
 * document whose `status` is the HTTP status (a payment provider's callback is answered in that
 * provider's own format instead); a request id on every answer, the caller's own when it is a
 * safe token; a bounded size.
 */

/** The caller's x-request-id is echoed when it matches this (README: "a safe token"). */
export const safeRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** An error document is small: a bounded list of field errors, never an echo of the input. */
export const maxProblemBytes = 128 * 1024;

export type ViolationClass =
  | 'no-answer'
  | '5xx'
  | 'not-a-problem-document'
  | 'problem-status-mismatch'
  | 'not-provider-format'
  | 'no-request-id'
  | 'request-id-not-echoed'
  | 'answer-too-large'
  /** Acknowledged (2xx), then refused by a later stage: the "nothing accepted that a later stage refuses". */
  | 'accepted-then-refused';

export interface Violation {
  readonly kind: ViolationClass;
  readonly detail: string;
}

const vnpayCodes = new Set<string>(Object.values(vnpayIpnCodes).map((c) => c.RspCode));

export function checkAnswer(format: AnswerFormat, method: string, sentRequestId: string | undefined, response: RawResponse): Violation[] {
  if (response.noAnswer) return [{ kind: 'no-answer', detail: response.noAnswer }];
  const violations: Violation[] = [];
  const { status, headers, body } = response;
  const parsed = parseJson(body);
  // The one 5xx the contract promises: a dependency did not answer, retry later (503 + Retry-After).
  // On a loaded machine a partner simulator can be that slow; it says nothing about input handling.
  const retryLater = status === 503 && !!headers['retry-after'] && parsed?.type === problemTypes.dependencyUnavailable;
  // GET /v1/health answers 503 with its report when a check fails (slow under load): documented, not a fault.
  const healthReport = format === 'health' && status === 503 && parsed?.status === 'fail' && Array.isArray(parsed?.checks);
  if (format === 'health') format = 'api';
  if (healthReport) return violations.concat(requestIdViolations(status, headers, sentRequestId));
  if (status >= 500 && !retryLater) violations.push({ kind: '5xx', detail: `HTTP ${status}: ${body.subarray(0, 200).toString('utf8')}` });

  const requestId = headers['x-request-id'];
  violations.push(...requestIdViolations(status, headers, sentRequestId));

  const limit = status >= 400 && format === 'api' ? maxProblemBytes : platformLimits.lambdaResponseBytes;
  if (body.length > limit) violations.push({ kind: 'answer-too-large', detail: `HTTP ${status} of ${body.length} bytes (limit ${limit})` });

  // HEAD answers carry the headers of a GET and never a body (RFC 9110 §9.3.2).
  if (method.toUpperCase() === 'HEAD') return violations;
  // A request line or head too large is refused before any route is chosen; no provider format is possible there.
  if ((format === 'paygov' || format === 'vnpay') && (status === 431 || status === 414)) format = 'api';
  if (format === 'paygov' && status < 500) {
    // Signed Confirm callbacks get PayGov's reply, always HTTP 200 (PARTNERS.md §3.1).
    if (status !== 200 || typeof parsed?.MaLoi !== 'string' || typeof parsed?.MaXacThuc !== 'string') {
      violations.push({ kind: 'not-provider-format', detail: `PayGov got HTTP ${status} ${describe(body)}` });
    }
  } else if (format === 'vnpay' && status < 500) {
    if (status !== 200 || !vnpayCodes.has(parsed?.RspCode)) violations.push({ kind: 'not-provider-format', detail: `VNPay got HTTP ${status} ${describe(body)}` });
  } else if (format === 'momo' && status < 500 && status !== 204) {
    // MoMo reads only the status (204 handled; anything else is retried); errors stay problem documents.
    violations.push(...problemViolations(status, headers, parsed, requestId));
  } else if (format === 'api' && status >= 400) {
    violations.push(...problemViolations(status, headers, parsed, requestId));
  }
  return violations;
}

function requestIdViolations(status: number, headers: Readonly<Record<string, string>>, sentRequestId: string | undefined): Violation[] {
  const requestId = headers['x-request-id'];
  if (!requestId) return [{ kind: 'no-request-id', detail: `HTTP ${status} without x-request-id` }];
  if (sentRequestId !== undefined && safeRequestId.test(sentRequestId) && requestId !== sentRequestId) {
    return [{ kind: 'request-id-not-echoed', detail: `HTTP ${status}: sent ${sentRequestId.slice(0, 40)}, got ${requestId.slice(0, 40)}` }];
  }
  return [];
}

function problemViolations(status: number, headers: Readonly<Record<string, string>>, parsed: any, requestId: string | undefined): Violation[] {
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim();
  if (contentType !== problemContentType || !parsed || typeof parsed !== 'object' || typeof parsed.type !== 'string' || typeof parsed.title !== 'string') {
    return [{ kind: 'not-a-problem-document', detail: `HTTP ${status} content-type ${JSON.stringify(headers['content-type'] ?? null)}` }];
  }
  const violations: Violation[] = [];
  if (parsed.status !== status) violations.push({ kind: 'problem-status-mismatch', detail: `HTTP ${status} but status ${JSON.stringify(parsed.status)}` });
  if (requestId && parsed.requestId !== undefined && parsed.requestId !== requestId) {
    violations.push({ kind: 'no-request-id', detail: `HTTP ${status}: header ${requestId.slice(0, 40)}, document ${String(parsed.requestId).slice(0, 40)}` });
  }
  return violations;
}

function parseJson(body: Buffer): any {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const describe = (body: Buffer) => JSON.stringify(body.subarray(0, 120).toString('utf8'));
