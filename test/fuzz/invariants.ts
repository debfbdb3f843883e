import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType, problemTypes } from '../../contracts/api/problem';
import { gatewayRequestIdHeader, requestIdHeader, requestIdPattern } from '../../contracts/api/request-id';
import { platformLimits } from '../../contracts/platform/limits';
import { MomoRefusal } from '../../contracts/payment/momo';
import { vnpayIpnCodes } from '../../contracts/payment/vnpay';
import type { RawResponse } from './raw-http';
import type { AnswerFormat } from './requests';

/**
 * What every answer must be, whatever was sent (issue 9): never 5xx (but the documented 503 "a
 * dependency is unavailable, retry"); an error is a problem
 * document whose `status` is the HTTP status (a payment provider's callback is answered in that
 * provider's own format instead); a request id on every answer; a bounded size.
 *
 * The request-id rule is contracts/api/request-id.ts's: every answer names the gateway's id in
 * `x-amzn-RequestId`; an answer a function produced also carries `x-request-id`, the caller's own
 * when it is a safe token and the gateway's id otherwise; an answer the gateway produced itself
 * (API Gateway's gateway responses cannot check a header before echoing it) carries only the
 * gateway's id. A problem document's `requestId` names the id of its answer.
 */

/** The caller's x-request-id is echoed when it matches this (contracts/api/request-id.ts). */
export const safeRequestId = requestIdPattern;

/** The statuses the gateway answers itself (gateway responses, parser refusals): only these may come without x-request-id. */
const gatewayStatuses = new Set<number>(Object.values(gatewayProblems).map((p) => p.status));

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

  // The id the answer names: the function's x-request-id, else (a gateway answer) the gateway's own.
  const requestId = headers[requestIdHeader] ?? headers[gatewayRequestIdHeader];
  violations.push(...requestIdViolations(status, headers, sentRequestId));

  const limit = status >= 400 && format === 'api' ? maxProblemBytes : platformLimits.lambdaResponseBytes;
  if (body.length > limit) violations.push({ kind: 'answer-too-large', detail: `HTTP ${status} of ${body.length} bytes (limit ${limit})` });

  // HEAD answers carry the headers of a GET and never a body (RFC 9110 §9.3.2).
  if (method.toUpperCase() === 'HEAD') return violations;
  // What the gateway refuses before any function runs (a head Node's parser rejects, a request line or head
  // too large, a body over API Gateway's limit) is its own problem document, without x-request-id: no
  // provider format is possible there. A function's answer always carries x-request-id, so it is still held to the provider's format.
  if ((format === 'paygov' || format === 'vnpay') && gatewayAnswered(status, headers)) format = 'api';
  if (format === 'paygov' && status < 500) {
    // Signed Confirm callbacks get PayGov's reply, always HTTP 200 (PARTNERS.md §3.1).
    if (status !== 200 || typeof parsed?.MaLoi !== 'string' || typeof parsed?.MaXacThuc !== 'string') {
      violations.push({ kind: 'not-provider-format', detail: `PayGov got HTTP ${status} ${describe(body)}` });
    }
  } else if (format === 'vnpay' && status < 500) {
    if (status !== 200 || !vnpayCodes.has(parsed?.RspCode)) violations.push({ kind: 'not-provider-format', detail: `VNPay got HTTP ${status} ${describe(body)}` });
  } else if (format === 'momo' && status !== 204 && !gatewayAnswered(status, headers) && !(status >= 500 && !retryLater)) {
    // MoMo's refusals (4xx, and the 503 that asks for a resend) are JSON in MoMo's own shape (contracts/payment/momo.ts).
    const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim();
    if (status < 400 || contentType !== 'application/json' || !MomoRefusal.safeParse(parsed).success) {
      violations.push({ kind: 'not-provider-format', detail: `MoMo got HTTP ${status} ${describe(body)}` });
    }
  } else if (format === 'momo' && status >= 400) {
    // What the gateway answers before the function runs (413 over its limit, 414, 431…) is its problem document.
    violations.push(...problemViolations(status, headers, parsed, requestId));
  } else if (format === 'api' && status >= 400) {
    violations.push(...problemViolations(status, headers, parsed, requestId));
  }
  return violations;
}

function requestIdViolations(status: number, headers: Readonly<Record<string, string>>, sentRequestId: string | undefined): Violation[] {
  const gatewayId = headers[gatewayRequestIdHeader];
  if (!gatewayId) return [{ kind: 'no-request-id', detail: `HTTP ${status} without ${gatewayRequestIdHeader}` }];
  const echoed = headers[requestIdHeader];
  if (echoed === undefined) {
    // Only the gateway's own answers may leave x-request-id out: an answer a function produced always carries it.
    return gatewayStatuses.has(status) || status >= 500 ? [] : [{ kind: 'no-request-id', detail: `HTTP ${status} (a function's answer) without ${requestIdHeader}` }];
  }
  const expected = sentRequestId !== undefined && safeRequestId.test(sentRequestId) ? sentRequestId : gatewayId;
  if (echoed !== expected) {
    return [{ kind: 'request-id-not-echoed', detail: `HTTP ${status}: sent ${JSON.stringify(sentRequestId?.slice(0, 40) ?? null)}, expected ${expected.slice(0, 40)}, got ${echoed.slice(0, 40)}` }];
  }
  return [];
}

const gatewayAnswered = (status: number, headers: Readonly<Record<string, string>>) => isProblemDocument(headers) && headers[requestIdHeader] === undefined && gatewayStatuses.has(status);

const isProblemDocument = (headers: Readonly<Record<string, string>>) => (headers['content-type'] ?? '').split(';')[0]!.trim() === problemContentType;

function problemViolations(status: number, headers: Readonly<Record<string, string>>, parsed: any, requestId: string | undefined): Violation[] {
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim();
  if (contentType !== problemContentType || !parsed || typeof parsed !== 'object' || typeof parsed.type !== 'string' || typeof parsed.title !== 'string') {
    return [{ kind: 'not-a-problem-document', detail: `HTTP ${status} content-type ${JSON.stringify(headers['content-type'] ?? null)}` }];
  }
  const violations: Violation[] = [];
  if (parsed.status !== status) violations.push({ kind: 'problem-status-mismatch', detail: `HTTP ${status} but status ${JSON.stringify(parsed.status)}` });
  if (!requestId || parsed.requestId !== requestId) {
    violations.push({ kind: 'no-request-id', detail: `HTTP ${status}: header ${requestId?.slice(0, 40)}, document requestId ${JSON.stringify(parsed.requestId)?.slice(0, 40)}` });
  }
  return violations;
}

/**
 * Whether an answer accepted or refused what was sent. PayGov and VNPay are always answered HTTP 200
 * (PARTNERS.md §3.1, §3.2): their refusal is a reply code other than 00 (PayGov's MaLoi, VNPay's
 * RspCode), not an HTTP status. Everyone else: 2xx accepted, 4xx and 5xx refused.
 */
export function outcomeOf(format: AnswerFormat, response: RawResponse): 'accepted' | 'refused' | undefined {
  if (response.noAnswer) return undefined;
  const { status } = response;
  if ((format === 'paygov' || format === 'vnpay') && status === 200) {
    const parsed = parseJson(response.body);
    const code = format === 'paygov' ? parsed?.MaLoi : parsed?.RspCode;
    if (typeof code !== 'string') return undefined;
    return code === '00' ? 'accepted' : 'refused';
  }
  if (status >= 200 && status < 300) return 'accepted';
  return status >= 400 ? 'refused' : undefined;
}

function parseJson(body: Buffer): any {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const describe = (body: Buffer) => JSON.stringify(body.subarray(0, 120).toString('utf8'));
