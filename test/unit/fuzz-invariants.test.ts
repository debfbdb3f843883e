import { describe, expect, it } from 'vitest';
import { checkAnswer, outcomeOf } from '../fuzz/invariants';
import type { RawResponse } from '../fuzz/raw-http';

/**
 * The fuzz suite's invariants can fail: each rule of contracts/api/request-id.ts and of the
 * providers' formats, checked on hand-made answers (the fuzz run itself only sees a healthy twin).
 */
const gatewayId = 'a1b2c3d4-0000-4000-8000-000000000001';

function answer(status: number, headers: Record<string, string>, body: unknown): RawResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, headers, body: Buffer.from(text) };
}
const problem = (status: number, requestId: string) => ({ type: 'urn:x', title: 'x', status, requestId });
const problemHeaders = { 'content-type': 'application/problem+json' };
const kinds = (response: RawResponse, sent?: string, format: Parameters<typeof checkAnswer>[0] = 'api') => checkAnswer(format, 'POST', sent, response).map((v) => v.kind);

describe('the fuzz invariants', () => {
  it("accept a gateway answer that names only the gateway's id, even when the caller sent a safe id", () => {
    expect(kinds(answer(401, { ...problemHeaders, 'x-amzn-requestid': gatewayId }, problem(401, gatewayId)), 'caller-1')).toEqual([]);
  });

  it('require the gateway id on every answer, and the document to name the id of its answer', () => {
    expect(kinds(answer(401, problemHeaders, problem(401, gatewayId)))).toContain('no-request-id');
    expect(kinds(answer(401, { ...problemHeaders, 'x-amzn-requestid': gatewayId }, problem(401, 'other')))).toContain('no-request-id');
    expect(kinds(answer(422, { ...problemHeaders, 'x-amzn-requestid': gatewayId, 'x-request-id': 'caller-1' }, problem(422, gatewayId)), 'caller-1')).toContain('no-request-id');
  });

  it("require a function's answer to carry x-request-id: the caller's safe id, else the gateway's", () => {
    const headers = { ...problemHeaders, 'x-amzn-requestid': gatewayId };
    expect(kinds(answer(422, headers, problem(422, gatewayId)), 'caller-1')).toContain('no-request-id');
    expect(kinds(answer(422, { ...headers, 'x-request-id': 'caller-1' }, problem(422, 'caller-1')), 'caller-1')).toEqual([]);
    expect(kinds(answer(422, { ...headers, 'x-request-id': gatewayId }, problem(422, gatewayId)), 'caller-1')).toContain('request-id-not-echoed');
    // An unsafe id is never echoed: the gateway's id stands in.
    expect(kinds(answer(422, { ...headers, 'x-request-id': 'a b' }, problem(422, 'a b')), 'a b')).toContain('request-id-not-echoed');
    expect(kinds(answer(422, { ...headers, 'x-request-id': gatewayId }, problem(422, gatewayId)), 'a b')).toEqual([]);
  });

  it("hold MoMo's refusals to MoMo's own shape, and a problem document there to the gateway's", () => {
    const headers = { 'content-type': 'application/json; charset=utf-8', 'x-amzn-requestid': gatewayId, 'x-request-id': gatewayId };
    const refusal = { partnerCode: 'MOMO', resultCode: 42, message: 'Invalid orderId', responseTime: 1 };
    expect(kinds(answer(422, headers, refusal), undefined, 'momo')).toEqual([]);
    expect(kinds(answer(422, headers, { message: 'Invalid orderId' }), undefined, 'momo')).toContain('not-provider-format');
    expect(kinds(answer(413, { ...problemHeaders, 'x-amzn-requestid': gatewayId }, problem(413, gatewayId)), undefined, 'momo')).toEqual([]);
    expect(kinds(answer(503, headers, { ...refusal, resultCode: 99 }), undefined, 'momo')).toContain('5xx');
    // A problem document the function produced (it carries x-request-id) is not MoMo's shape.
    expect(kinds(answer(422, { ...problemHeaders, 'x-amzn-requestid': gatewayId, 'x-request-id': gatewayId }, problem(422, gatewayId)), undefined, 'momo')).toContain('not-provider-format');
  });

  it('count a PayGov or VNPay answer as refused by its reply code, always on HTTP 200', () => {
    const headers = { 'content-type': 'application/json', 'x-amzn-requestid': gatewayId, 'x-request-id': gatewayId };
    expect(outcomeOf('paygov', answer(200, headers, { MaLoi: '00', MaXacThuc: 'x' }))).toBe('accepted');
    expect(outcomeOf('paygov', answer(200, headers, { MaLoi: '97', MaXacThuc: 'x' }))).toBe('refused');
    expect(outcomeOf('vnpay', answer(200, headers, { RspCode: '04', Message: 'x' }))).toBe('refused');
    expect(outcomeOf('api', answer(202, headers, {}))).toBe('accepted');
    // The gateway's own refusal (no x-request-id) cannot be in PayGov's format; a function's problem document can and must.
    expect(kinds(answer(400, { ...problemHeaders, 'x-amzn-requestid': gatewayId }, problem(400, gatewayId)), undefined, 'paygov')).toEqual([]);
    expect(kinds(answer(400, { ...problemHeaders, 'x-amzn-requestid': gatewayId, 'x-request-id': gatewayId }, problem(400, gatewayId)), undefined, 'paygov')).toContain('not-provider-format');
    expect(kinds(answer(422, { ...problemHeaders, 'x-amzn-requestid': gatewayId }, problem(422, gatewayId)), undefined, 'vnpay')).toContain('not-provider-format');
  });
});
