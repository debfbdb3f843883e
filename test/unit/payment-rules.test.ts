import { describe, expect, it, vi } from 'vitest';
import type { ConfirmationPorts } from '../../functions/core/payment/payment-confirmation';
import type { PaymentConfirmation, StoredPayment } from '../../functions/core/payment/payment-records';
import { reconcilePayments } from '../../functions/core/payment/payment-reconciler';
import { newPaymentReference } from '../../functions/core/payment/payment-reference';
import { decideConfirmation } from '../../functions/core/payment/payment-state';

const payment = (status: StoredPayment['status'], overrides: Partial<StoredPayment> = {}): StoredPayment => ({
  reference: 'LT261122ABCDEFGHJK',
  dossierCode: 'H29-1',
  provider: 'paygov',
  status,
  amount: 8000,
  fees: [{ code: 'LPHT', name: 'Lệ phí', amount: 8000 }],
  payerName: 'A',
  returnUrl: 'https://x.example/back',
  createdAt: '2026-11-22T01:00:00.000Z',
  expiresAt: '2026-11-22T01:15:00.000Z',
  ...overrides,
});
const confirmation = (succeeded: boolean, amount = 8000): PaymentConfirmation => ({
  provider: 'paygov',
  reference: 'LT261122ABCDEFGHJK',
  amount,
  succeeded,
  providerTransactionId: 'GD1',
  providerCode: succeeded ? '00' : '09',
  receivedAt: '2026-11-22T01:05:00.000Z',
});

describe('decideConfirmation', () => {
  it('checks the reference, then the amount, then the state', () => {
    expect(decideConfirmation(undefined, confirmation(true))).toEqual({ kind: 'unknown-reference' });
    expect(decideConfirmation(payment('PAID'), confirmation(true, 1))).toEqual({ kind: 'invalid-amount', expected: 8000 });
    expect(decideConfirmation(payment('PENDING'), confirmation(true))).toEqual({ kind: 'transition', to: 'PAID' });
    expect(decideConfirmation(payment('PENDING'), confirmation(false))).toEqual({ kind: 'transition', to: 'FAILED' });
  });

  it('treats anything after a final state as already confirmed, except money taken after FAILED or EXPIRED', () => {
    expect(decideConfirmation(payment('PAID'), confirmation(false))).toEqual({ kind: 'already-confirmed', status: 'PAID' });
    expect(decideConfirmation(payment('PAID'), confirmation(true))).toEqual({ kind: 'already-confirmed', status: 'PAID' });
    expect(decideConfirmation(payment('FAILED'), confirmation(false))).toEqual({ kind: 'already-confirmed', status: 'FAILED' });
    expect(decideConfirmation(payment('FAILED'), confirmation(true))).toEqual({ kind: 'exception', exception: 'paid-after-failure' });
    expect(decideConfirmation(payment('EXPIRED'), confirmation(true))).toEqual({ kind: 'exception', exception: 'paid-after-expiry' });
    expect(decideConfirmation(payment('EXPIRED'), confirmation(false))).toEqual({ kind: 'already-confirmed', status: 'EXPIRED' });
  });
});

describe('newPaymentReference', () => {
  it('starts with LT and the GMT+7 date, and does not repeat', () => {
    const at = new Date('2026-11-22T18:00:00Z'); // already the 23rd in Ho Chi Minh City
    const references = new Set(Array.from({ length: 2000 }, () => newPaymentReference(at)));
    expect(references.size).toBe(2000);
    expect([...references][0]).toMatch(/^LT261123[0-9A-HJ-NP-Z]{10}$/);
  });
});

describe('reconcilePayments', () => {
  function ports(pending: StoredPayment[], query: 'paid' | 'pending' | 'failed', now: string) {
    const pages = { PENDING: [pending], EFFECTS: [[] as StoredPayment[]] };
    return {
      paymentsToReconcile: (kind: 'PENDING' | 'EFFECTS') => (async function* () {
        yield* pages[kind];
      })(),
      queryPaygov: vi.fn(async () => ({ state: query, amount: 8000, transactionId: 'GD9' })),
      reconcileAfterSeconds: 0,
      timeLeftMs: () => 100_000,
      onExpiredUnverified: vi.fn(),
      readPayment: vi.fn(async () => pending[0]),
      transitionPayment: vi.fn(async () => true),
      recordPaymentException: vi.fn(async () => undefined),
      recordConfirmation: vi.fn(async () => undefined),
      addPaymentToOverlay: vi.fn(async () => 1),
      markOverlayPending: vi.fn(async () => undefined),
      overlayRevision: vi.fn(async () => 1),
      enqueuePortalSync: vi.fn(async () => undefined),
      storeEventOnce: vi.fn(async () => ({ stored: true as const })),
      enqueueCityDelivery: vi.fn(async () => undefined),
      markEvent: vi.fn(async () => undefined),
      markEffectsApplied: vi.fn(async () => true),
      now: () => new Date(now),
    } satisfies Parameters<typeof reconcilePayments>[0] & ConfirmationPorts;
  }

  it('marks paid what QUERY says is paid, with the payment’s effects', async () => {
    const p = ports([payment('PENDING')], 'paid', '2026-11-22T01:10:00.000Z');
    expect(await reconcilePayments(p)).toMatchObject({ queried: 1, paid: 1 });
    expect(p.transitionPayment).toHaveBeenCalledWith('LT261122ABCDEFGHJK', 'PAID', expect.objectContaining({ providerTransactionId: 'GD9' }));
    expect(p.addPaymentToOverlay).toHaveBeenCalled();
  });

  it('leaves a pending payment alone until it expires, then expires it', async () => {
    const before = ports([payment('PENDING')], 'pending', '2026-11-22T01:10:00.000Z');
    expect(await reconcilePayments(before)).toMatchObject({ stillPending: 1, expired: 0 });
    expect(before.transitionPayment).not.toHaveBeenCalled();
    const after = ports([payment('PENDING')], 'pending', '2026-11-22T01:16:00.000Z');
    expect(await reconcilePayments(after)).toMatchObject({ expired: 1 });
    expect(after.transitionPayment).toHaveBeenCalledWith('LT261122ABCDEFGHJK', 'EXPIRED', expect.anything());
  });

  it('marks failed what QUERY says failed', async () => {
    const p = ports([payment('PENDING')], 'failed', '2026-11-22T01:10:00.000Z');
    expect(await reconcilePayments(p)).toMatchObject({ failed: 1 });
    expect(p.transitionPayment).toHaveBeenCalledWith('LT261122ABCDEFGHJK', 'FAILED', expect.anything());
  });

  it('expires VNPay-direct payments without asking PayGov, as unverified, with an exception in the same write', async () => {
    const vnpay = payment('PENDING', { provider: 'vnpay' });
    const before = ports([vnpay], 'paid', '2026-11-22T01:10:00.000Z');
    expect(await reconcilePayments(before)).toMatchObject({ stillPending: 1, expiredUnverified: 0 });
    expect(before.transitionPayment).not.toHaveBeenCalled();

    const p = ports([vnpay], 'paid', '2026-11-22T01:16:00.000Z');
    expect(await reconcilePayments(p)).toMatchObject({ expiredUnverified: 1, expired: 0, queried: 0 });
    expect(p.queryPaygov).not.toHaveBeenCalled();
    expect(p.transitionPayment).toHaveBeenCalledWith(
      'LT261122ABCDEFGHJK',
      'EXPIRED',
      expect.objectContaining({ exception: expect.objectContaining({ kind: 'expired-unverified', at: '2026-11-22T01:16:00.000Z' }) }),
    );
    expect(p.onExpiredUnverified).toHaveBeenCalledWith(vnpay);
  });

  it('neither counts nor reports an unverified expiry when a late IPN settled the payment first', async () => {
    const p = { ...ports([payment('PENDING', { provider: 'vnpay' })], 'paid', '2026-11-22T01:16:00.000Z'), transitionPayment: vi.fn(async () => false) };
    expect(await reconcilePayments(p)).toMatchObject({ expiredUnverified: 0, settledElsewhere: 1 });
    expect(p.onExpiredUnverified).not.toHaveBeenCalled();
  });

  it('counts only the transitions its own conditional writes made', async () => {
    // Two runs at once over one payment store whose writes are conditional, as DynamoDB's are.
    const stored = new Map<string, StoredPayment>([['LT261122ABCDEFGHJK', payment('PENDING')]]);
    const effects = new Set<string>();
    const shared = (query: 'paid' | 'pending') => {
      const p = ports([payment('PENDING')], query, '2026-11-22T01:16:00.000Z');
      return {
        ...p,
        readPayment: vi.fn(async (reference: string) => stored.get(reference)),
        transitionPayment: vi.fn(async (reference: string, to: 'PAID' | 'FAILED' | 'EXPIRED') => {
          await Promise.resolve(); // both runs read PENDING before either writes
          const current = stored.get(reference)!;
          if (current.status !== 'PENDING') return false;
          stored.set(reference, { ...current, status: to });
          if (to === 'PAID') effects.add(reference);
          return true;
        }),
        markEffectsApplied: vi.fn(async (reference: string) => effects.delete(reference)),
      };
    };
    const [a, b] = await Promise.all([reconcilePayments(shared('paid')), reconcilePayments(shared('paid'))]);
    expect(a.paid + b.paid).toBe(1);
    expect(a.settledElsewhere + b.settledElsewhere).toBe(1);

    stored.set('LT261122ABCDEFGHJK', payment('PENDING'));
    const [c, d] = await Promise.all([reconcilePayments(shared('pending')), reconcilePayments(shared('pending'))]);
    expect(c.expired + d.expired).toBe(1);
  });

  it('counts finished effects once when two runs finish the same paid payment', async () => {
    let marker = true;
    const make = () => {
      const p = ports([], 'paid', '2026-11-22T01:16:00.000Z');
      const paid = payment('PAID', { reconcile: 'EFFECTS' } as Partial<StoredPayment>);
      return {
        ...p,
        paymentsToReconcile: (kind: 'PENDING' | 'EFFECTS') => (async function* () {
          yield kind === 'EFFECTS' ? [paid] : [];
        })(),
        markEffectsApplied: vi.fn(async () => {
          const had = marker;
          marker = false;
          return had;
        }),
      };
    };
    const [a, b] = await Promise.all([reconcilePayments(make()), reconcilePayments(make())]);
    expect(a.effectsCompleted + b.effectsCompleted).toBe(1);
  });
});
