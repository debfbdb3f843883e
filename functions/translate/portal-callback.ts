import type * as z from 'zod';
import type { CityEvent } from '../../contracts/api/city-events';
import type { PortalCallback } from '../../contracts/portal/callbacks';
import type { PortalStatusMap } from '../../contracts/portal/status-mapping';
import { fromPortalDossier } from './portal-dossier-inverse';

/** A portal callback → the event the city receives (canonical model, same type and time). */
export function toCityEvent(callback: PortalCallback, statusMap: PortalStatusMap): z.input<typeof CityEvent> {
  switch (callback.type) {
    case 'dossier.submitted':
      return { type: callback.type, timestamp: callback.timestamp, data: { dossier: fromPortalDossier(callback.data.dossier, statusMap) } };
    case 'dossier.withdrawal_requested':
    case 'dossier.supplement_submitted':
    case 'dossier.rated':
      // These carry only the gateway's own field names already.
      return callback;
  }
}

/** The dossier an event is about, for records and logs (a code, never personal data). */
export function dossierCodeOf(callback: PortalCallback): string {
  return callback.type === 'dossier.submitted' ? callback.data.dossier.MaHoSo : callback.data.dossierCode;
}
