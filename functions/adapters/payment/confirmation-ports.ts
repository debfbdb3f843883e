import { enqueueCityDelivery } from '../city-delivery-queue';
import { addPaymentToOverlay, markOverlayPending, overlayRevision } from '../dossier-overlay-store';
import { markEvent, storeEventOnce } from '../event-store';
import { markEffectsApplied, readPayment, recordConfirmation, recordPaymentException, transitionPayment } from '../payment-store';
import { enqueuePortalSync } from '../portal-sync-queue';
import type { ConfirmationPorts } from '../../core/payment-confirmation';

/** Everything a confirmation may touch; shared by the three providers' callbacks and the reconciler. */
export const confirmationPorts: ConfirmationPorts = {
  readPayment,
  transitionPayment,
  recordPaymentException,
  recordConfirmation,
  addPaymentToOverlay,
  markOverlayPending,
  overlayRevision,
  enqueuePortalSync,
  storeEventOnce,
  enqueueCityDelivery,
  markEvent,
  markEffectsApplied,
  now: () => new Date(),
};
