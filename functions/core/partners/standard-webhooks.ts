import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Standard Webhooks (PARTNERS.md §4) through the reference implementation, `standardwebhooks`:
 * HMAC-SHA256 over "{id}.{timestamp}.{raw body}", a 5-minute timestamp window, constant-time
 * comparison, several `v1,` signatures per header. Rotation: each active secret is tried.
 */

export type SignatureFailure = 'missing-headers' | 'stale-timestamp' | 'future-timestamp' | 'bad-timestamp' | 'bad-signature';

export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  constructor(readonly failure: SignatureFailure) {
    super(`webhook signature rejected: ${failure}`);
  }
}

export interface VerifiedWebhook {
  readonly id: string;
  readonly timestamp: number;
}

/** Verifies the exact raw body against every active secret; throws WebhookSignatureError. */
export function verifyStandardWebhook(rawBody: string, headers: Record<string, string | undefined>, secrets: readonly string[]): VerifiedWebhook {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!id || !timestamp || !signature) throw new WebhookSignatureError('missing-headers');
  const signed = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(rawBody, signed, { jsonParse: false });
      return { id, timestamp: Number(timestamp) };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      const failure = failureOf(error.message);
      // Only a signature mismatch depends on the secret; anything else fails for all of them.
      if (failure !== 'bad-signature') throw new WebhookSignatureError(failure);
    }
  }
  throw new WebhookSignatureError('bad-signature');
}

function failureOf(message: string): SignatureFailure {
  if (message.includes('too old')) return 'stale-timestamp';
  if (message.includes('too new')) return 'future-timestamp';
  if (message.includes('Invalid Signature Headers')) return 'bad-timestamp';
  if (message.includes('Missing required headers')) return 'missing-headers';
  return 'bad-signature';
}

/** The three headers of a signed delivery. */
export function signStandardWebhook(secret: string, id: string, body: string, at: Date = new Date()): Record<string, string> {
  const timestampSeconds = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body),
  };
}
