import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signStandardWebhook, verifyStandardWebhook, WebhookSignatureError } from '../../functions/core/partners/standard-webhooks';

const oldSecret = `whsec_${Buffer.from('old-secret-of-32-bytes-long!!!!!').toString('base64')}`;
const newSecret = `whsec_${Buffer.from('new-secret-of-32-bytes-long!!!!!').toString('base64')}`;
const body = '{"type":"dossier.rated","timestamp":"2026-11-22T08:00:00Z","data":{"dossierCode":"A","score":5,"ratedAt":"2026-11-22T08:00:00Z"}}';

const failureOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as WebhookSignatureError).failure;
  }
  return 'verified';
};

describe('Standard Webhooks verification', () => {
  it('accepts a message signed by the reference library', () => {
    const headers = signStandardWebhook(newSecret, 'msg_1', body);
    expect(verifyStandardWebhook(body, headers, [newSecret])).toMatchObject({ id: 'msg_1' });
    // and the reference library accepts ours
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
  });

  it('accepts either secret during a rotation, and several signatures in one header', () => {
    const withOld = signStandardWebhook(oldSecret, 'msg_2', body);
    expect(failureOf(() => verifyStandardWebhook(body, withOld, [newSecret, oldSecret]))).toBe('verified');
    const withNew = signStandardWebhook(newSecret, 'msg_2', body);
    const both = { ...withOld, 'webhook-signature': `${withNew['webhook-signature']} ${withOld['webhook-signature']}` };
    expect(failureOf(() => verifyStandardWebhook(body, both, [oldSecret]))).toBe('verified');
  });

  it('refuses a wrong secret, a tampered body, a changed id, missing headers', () => {
    const headers = signStandardWebhook(oldSecret, 'msg_3', body);
    expect(failureOf(() => verifyStandardWebhook(body, headers, [newSecret]))).toBe('bad-signature');
    expect(failureOf(() => verifyStandardWebhook(body.replace('"score":5', '"score":1'), headers, [oldSecret]))).toBe('bad-signature');
    expect(failureOf(() => verifyStandardWebhook(body, { ...headers, 'webhook-id': 'msg_other' }, [oldSecret]))).toBe('bad-signature');
    expect(failureOf(() => verifyStandardWebhook(body, { ...headers, 'webhook-signature': undefined }, [oldSecret]))).toBe('missing-headers');
  });

  it('refuses timestamps more than five minutes away, either way', () => {
    const stale = signStandardWebhook(oldSecret, 'msg_4', body, new Date(Date.now() - 6 * 60_000));
    const future = signStandardWebhook(oldSecret, 'msg_4', body, new Date(Date.now() + 6 * 60_000));
    const recent = signStandardWebhook(oldSecret, 'msg_4', body, new Date(Date.now() - 4 * 60_000));
    expect(failureOf(() => verifyStandardWebhook(body, stale, [oldSecret]))).toBe('stale-timestamp');
    expect(failureOf(() => verifyStandardWebhook(body, future, [oldSecret]))).toBe('future-timestamp');
    expect(failureOf(() => verifyStandardWebhook(body, recent, [oldSecret]))).toBe('verified');
  });

  it('verifies the exact bytes: re-serialised JSON with the same meaning fails', () => {
    const headers = signStandardWebhook(oldSecret, 'msg_5', body);
    expect(failureOf(() => verifyStandardWebhook(JSON.stringify(JSON.parse(body), null, 1), headers, [oldSecret]))).toBe('bad-signature');
  });
});
