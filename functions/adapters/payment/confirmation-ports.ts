import { enqueueCityDelivery } from '../city/city-delivery-queue';
import { addPaymentToOverlay, markOverlayPending, overlayRevision } from '../dossier/dossier-overlay-store';
import { markEvent, storeEventOnce } from '../events/event-store';
import { markEffectsApplied, readPayment, recordConfirmation, recordPaymentException, transitionPayment } from './payment-store';
import { enqueuePortalSync } from '../portal/portal-sync-queue';
import type { ConfirmationPorts } from '../../core/payment/payment-confirmation';

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
