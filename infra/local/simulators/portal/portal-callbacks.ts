import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface SentCallback {
  readonly webhookId: string;
  readonly type: string;
  readonly body: string;
  readonly attempts: { at: string; status: number; answer: unknown }[];
}

/**
 * The portal's side of the callbacks: signs each event with Standard Webhooks (the reference
 * library) and POSTs it to the gateway, as the portal would when a citizen acts. A resend keeps
 * the id and the body and signs a fresh timestamp, as a sender's retry does.
 */
export class PortalCallbackSender {
  private target?: { url: string; secret: string };
  readonly sent = new Map<string, SentCallback>();

  configure(target: { url: string; secret: string }): void {
    this.target = target;
  }

  async send(type: string, data: unknown): Promise<{ webhookId: string; status: number; answer: unknown }> {
    const webhookId = `msg_${randomUUID()}`;
    const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
    this.sent.set(webhookId, { webhookId, type, body, attempts: [] });
    return this.resend(webhookId);
  }

  async resend(webhookId: string): Promise<{ webhookId: string; status: number; answer: unknown }> {
    const callback = this.sent.get(webhookId);
    if (!callback) throw new Error(`no callback ${webhookId} was sent`);
    if (!this.target) throw new Error('the portal simulator has no gateway to call back');
    const at = new Date();
    const signature = new Webhook(this.target.secret).sign(webhookId, at, callback.body);
    const response = await fetch(this.target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': webhookId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: callback.body,
    });
    const text = await response.text();
    const answer = text ? JSON.parse(text) : null;
    callback.attempts.push({ at: at.toISOString(), status: response.status, answer });
    return { webhookId, status: response.status, answer };
  }
}
