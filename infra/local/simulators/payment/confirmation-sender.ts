import * as z from 'zod';
import type { OutgoingConfirmation } from './confirmation-messages';
import type { PaymentTransaction, SentConfirmation } from './payment-state';

/**
 * Knobs for the platform → gateway leg, the one a reconciliation job exists for: a confirmation
 * that never arrives, one that arrives twice, one that arrives late.
 */
const ConfirmationKnobs = z.strictObject({
  /** The outcome is recorded (QUERY reports it) but no confirmation is sent: a lost callback. */
  dropConfirmations: z.boolean(),
  /** Every confirmation is sent twice, identical, as a platform retrying after a timeout does. */
  duplicateConfirmations: z.boolean(),
  /** Wait this long after the citizen acts before sending. */
  confirmationDelayMs: z.int().min(0).max(60_000),
});
export type ConfirmationKnobs = z.output<typeof ConfirmationKnobs>;

/** A `POST /_faults` body may set any of the knobs; the others keep their values. */
export const ConfirmationKnobUpdate = ConfirmationKnobs.partial();

const noConfirmationFaults: ConfirmationKnobs = { dropConfirmations: false, duplicateConfirmations: false, confirmationDelayMs: 0 };

/** MoMo expects the merchant's answer within 15 s; the other channels are given the same. */
const answerTimeoutMs = 15_000;

export interface Delivery {
  readonly dropped: boolean;
  readonly sent: readonly SentConfirmation[];
}

export class ConfirmationSender {
  private gatewayUrl?: string;
  private knobs: ConfirmationKnobs = noConfirmationFaults;

  configure(gatewayUrl: string): void {
    this.gatewayUrl = gatewayUrl.replace(/\/+$/, '');
  }

  get settings(): ConfirmationKnobs {
    return this.knobs;
  }

  update(partial: z.output<typeof ConfirmationKnobUpdate>): ConfirmationKnobs {
    const set = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
    this.knobs = ConfirmationKnobs.parse({ ...this.knobs, ...set });
    return this.knobs;
  }

  reset(): void {
    this.knobs = noConfirmationFaults;
  }

  /** Whether a decision can be delivered now; a dropped confirmation needs no gateway. */
  get ready(): boolean {
    return this.knobs.dropConfirmations || this.gatewayUrl !== undefined;
  }

  /**
   * Sends (or drops) one confirmation and records it on the transaction. Waits out the delay
   * before answering, so a caller that wants to look in between starts the action and does not
   * await it yet.
   */
  async deliver(transaction: PaymentTransaction, confirmation: OutgoingConfirmation): Promise<Delivery> {
    const { dropConfirmations, duplicateConfirmations, confirmationDelayMs } = this.knobs;
    const gatewayUrl = this.gatewayUrl ?? '(no gateway connected)';
    if (dropConfirmations) {
      transaction.dropped.push({ at: new Date().toISOString(), method: confirmation.method, url: `${gatewayUrl}${confirmation.path}`, body: confirmation.body });
      return { dropped: true, sent: [] };
    }
    if (!this.gatewayUrl) throw new Error('the payment simulator has no gateway to confirm to');
    if (confirmationDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, confirmationDelayMs));
    const sent: SentConfirmation[] = [];
    for (let copy = 0; copy < (duplicateConfirmations ? 2 : 1); copy++) {
      const result = await send(`${this.gatewayUrl}${confirmation.path}`, confirmation);
      transaction.confirmations.push(result);
      sent.push(result);
    }
    return { dropped: false, sent };
  }
}

async function send(url: string, confirmation: OutgoingConfirmation): Promise<SentConfirmation> {
  const at = new Date().toISOString();
  const common = { at, method: confirmation.method, url, ...(confirmation.body ? { body: confirmation.body } : {}) };
  try {
    const response = await fetch(url, {
      method: confirmation.method,
      ...(confirmation.body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(confirmation.body) } : {}),
      signal: AbortSignal.timeout(answerTimeoutMs),
    });
    const text = await response.text();
    return { ...common, status: response.status, answer: parseAnswer(text) };
  } catch (error) {
    // Recorded, not thrown: a gateway that does not answer is exactly what the knobs test for.
    return { ...common, status: 0, answer: null, error: (error as Error).message };
  }
}

function parseAnswer(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
