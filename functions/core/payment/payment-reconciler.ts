import type { ConfirmationPorts } from './payment-confirmation';
import { applyConfirmation } from './payment-confirmation';
import { applyPaidEffects } from './payment-effects';
import type { StoredPayment } from './payment-records';

export interface ReconcilerPorts extends ConfirmationPorts {
  readonly paymentsToReconcile: (kind: 'PENDING' | 'EFFECTS', olderThan: string) => AsyncIterable<StoredPayment[]>;
  readonly queryPaygov: (reference: string) => Promise<{ state: 'paid' | 'pending' | 'failed'; amount?: number; transactionId?: string }>;
  /** PENDING payments younger than this are left to their confirmation. */
  readonly reconcileAfterSeconds: number;
  /** What is left of the invocation; the run stops before a QUERY could outlive it. */
  readonly timeLeftMs: () => number;
  /** Told of each payment expired unverified (the handler logs a WARN with its reference). */
  readonly onExpiredUnverified: (payment: StoredPayment) => void;
}

export interface ReconcileReport {
  readonly queried: number;
  readonly paid: number;
  readonly failed: number;
  /** Expired after the provider said it was not paid (PayGov QUERY: pending). */
  readonly expired: number;
  /**
   * Expired with no way to ask the provider (VNPay-direct has no query API): the money may have
   * been taken and the IPN lost, so each carries an `expired-unverified` exception to check
   * against VNPay's merchant report. Not counted in `expired`.
   */
  readonly expiredUnverified: number;
  readonly stillPending: number;
  /** Payments another confirmation or a concurrent run settled between our read and our write. */
  readonly settledElsewhere: number;
  readonly effectsCompleted: number;
  readonly errors: number;
}

/** PAID payments whose effects were cut short are finished after this long. */
const effectsGraceSeconds = 60;
/** One QUERY (10 s timeout) and its effects must fit in what is left. */
const reconcileReserveMs = 20_000;

/**
 * Every count is a transition this run made itself (its conditional write won): two runs at
 * once, or a run racing a late confirmation, never both count the same payment.
 *
 * Heals what confirmations alone cannot: a confirmation that never came (PayGov QUERY: 1 paid,
 * 4 failed, 3 still pending — until the payment expires), and effects of a PAID payment that a
 * crash interrupted. Answers from QUERY go through the same path as a provider's confirmation,
 * so the state machine, the record and the effects are the same. VNPay-direct payments have no
 * PayGov transaction to ask about; past expiry they expire, but as unverified: the expiry writes
 * an `expired-unverified` exception with it, since silence is not proof that nobody paid. A late
 * genuine IPN still becomes `paid-after-expiry` (its own exception, keyed by VNPay's transaction).
 */
export async function reconcilePayments(ports: ReconcilerPorts): Promise<ReconcileReport> {
  const now = ports.now();
  const counts = { queried: 0, paid: 0, failed: 0, expired: 0, expiredUnverified: 0, stillPending: 0, settledElsewhere: 0, effectsCompleted: 0, errors: 0 };
  // Effects first: they need no partner, so a PayGov outage (every QUERY timing out) cannot
  // starve paid dossiers of their overlay, portal nudge and city event.
  const effectsCutoff = new Date(now.getTime() - effectsGraceSeconds * 1000).toISOString();
  for await (const page of ports.paymentsToReconcile('EFFECTS', effectsCutoff)) {
    for (const payment of page) {
      try {
        if (await applyPaidEffects(payment, ports)) counts.effectsCompleted++;
      } catch {
        counts.errors++;
      }
    }
  }
  const pendingCutoff = new Date(now.getTime() - ports.reconcileAfterSeconds * 1000).toISOString();
  for await (const page of ports.paymentsToReconcile('PENDING', pendingCutoff)) {
    for (const payment of page) {
      if (ports.timeLeftMs() < reconcileReserveMs) return counts;
      try {
        if (payment.provider !== 'vnpay') counts.queried++;
        const outcome = await reconcileOne(payment, now, ports);
        counts[outcome]++;
        if (outcome === 'expiredUnverified') ports.onExpiredUnverified(payment);
      } catch {
        counts.errors++;
      }
    }
  }
  return counts;
}

type ReconcileOutcome = 'paid' | 'failed' | 'expired' | 'expiredUnverified' | 'stillPending' | 'settledElsewhere';

async function reconcileOne(payment: StoredPayment, now: Date, ports: ReconcilerPorts): Promise<ReconcileOutcome> {
  const expired = now.toISOString() > payment.expiresAt;
  const expire = async (failureReason: string) =>
    (await ports.transitionPayment(payment.reference, 'EXPIRED', { failureReason })) ? 'expired' : 'settledElsewhere';
  if (payment.provider === 'vnpay') {
    if (!expired) return 'stillPending';
    const at = now.toISOString();
    const written = await ports.transitionPayment(payment.reference, 'EXPIRED', {
      failureReason: 'no confirmation before it expired (VNPay cannot be queried)',
      exception: {
        kind: 'expired-unverified',
        at,
        detail: `expired at ${at} without a VNPay IPN; VNPay has no query API, so whether ${payment.amount} VND was taken is unknown: check VNPay's merchant report for this reference`,
        key: 'reconciler:expired-unverified',
      },
    });
    return written ? 'expiredUnverified' : 'settledElsewhere';
  }
  const answer = await ports.queryPaygov(payment.reference);
  if (answer.state === 'pending') {
    if (!expired) return 'stillPending';
    return expire('not paid before it expired (PayGov QUERY: pending)');
  }
  const outcome = await applyConfirmation(
    {
      provider: payment.provider,
      reference: payment.reference,
      amount: answer.amount ?? payment.amount,
      succeeded: answer.state === 'paid',
      providerTransactionId: answer.transactionId ?? `query-${payment.reference}`,
      providerCode: `QUERY:${answer.state}`,
      receivedAt: now.toISOString(),
    },
    ports,
  );
  // Only 'confirmed' means this run's conditional write moved the payment out of PENDING.
  if (outcome !== 'confirmed') return 'settledElsewhere';
  return answer.state === 'paid' ? 'paid' : 'failed';
}
