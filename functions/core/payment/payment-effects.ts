import type { CityEvent } from '../../../contracts/api/city-events';
import type { CityDeliveryMessage } from '../../../contracts/messages/city-delivery';
import type { PortalSyncMessage } from '../../../contracts/messages/portal-sync';
import type { OverlayPayment } from '../dossier/dossier-records';
import type { StoredEvent, StoreEventResult } from '../delivery/event-records';
import type { StoredPayment } from './payment-records';

export interface PaidEffectsPorts {
  readonly addPaymentToOverlay: (dossierCode: string, payment: OverlayPayment) => Promise<number | undefined>;
  readonly markOverlayPending: (dossierCode: string, revision: number, at: string) => Promise<void>;
  readonly overlayRevision: (dossierCode: string) => Promise<number>;
  readonly enqueuePortalSync: (message: PortalSyncMessage) => Promise<void>;
  readonly storeEventOnce: (event: StoredEvent) => Promise<StoreEventResult>;
  readonly enqueueCityDelivery: (message: CityDeliveryMessage) => Promise<void>;
  readonly markEvent: (eventId: string, status: 'queued') => Promise<void>;
  /** True when this call took the payment out of the effects index (false: someone else did). */
  readonly markEffectsApplied: (reference: string) => Promise<boolean>;
  readonly now: () => Date;
}

/**
 * What a PAID payment sets in motion, each step idempotent so it can run again (a duplicate
 * confirmation, the reconciler) until the payment leaves the "effects" index:
 * 1. the dossier's overlay gains the payment (once, by reference) and a new revision — the city's
 *    snapshot and version are never touched;
 * 2. the portal sync is nudged, so the portal shows the dossier as paid online;
 * 3. the city system is told: a `payment.completed` event (id `payment-<reference>`, stored once)
 *    goes through city-delivery.
 * Returns whether this call was the one that marked the effects applied (for honest counts).
 */
export async function applyPaidEffects(payment: StoredPayment, ports: PaidEffectsPorts): Promise<boolean> {
  const paidAt = payment.paidAt ?? ports.now().toISOString();
  const revision = await ports.addPaymentToOverlay(payment.dossierCode, {
    reference: payment.reference,
    amount: payment.amount,
    fees: payment.fees,
    paidAt,
    provider: payment.provider,
  });
  // Marked again when the payment was already there: a run cut short between the two writes must
  // still leave the sweeper able to see the lag (the mark never lowers the revision).
  await ports.markOverlayPending(payment.dossierCode, revision ?? (await ports.overlayRevision(payment.dossierCode)), ports.now().toISOString());
  // Nudge even when the overlay already had the payment: a previous run may have died before it.
  // The worker reads the latest snapshot and overlay itself; the version in an overlay nudge is only
  // a lower bound for the logs.
  await ports.enqueuePortalSync({ dossierCode: payment.dossierCode, version: 1, origin: 'overlay' });

  const eventId = `payment-${payment.reference}`;
  const payload: CityEvent = {
    type: 'payment.completed',
    timestamp: paidAt,
    data: {
      dossierCode: payment.dossierCode,
      paymentId: payment.reference,
      provider: payment.provider,
      amount: payment.amount,
      fees: payment.fees.map((f) => ({ code: f.code, name: f.name, amount: f.amount })),
      paidAt,
      providerTransactionId: payment.providerTransactionId ?? '',
    },
  };
  const stored = await ports.storeEventOnce({
    eventId,
    source: 'gateway',
    type: payload.type,
    dossierCode: payment.dossierCode,
    bodyHash: eventId,
    payload,
    receivedAt: ports.now().toISOString(),
    status: 'received',
  });
  if (stored.stored || stored.existing.status === 'received') {
    await ports.enqueueCityDelivery({ eventId });
    await ports.markEvent(eventId, 'queued');
  }
  return ports.markEffectsApplied(payment.reference);
}
