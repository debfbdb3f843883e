import * as z from '../zod-mini';
import type { DossierStatus } from '../api/dossier';
import { dossierStatuses } from '../api/dossier';
import { statusCodeValues } from './dossier';
import type { PortalStatusCode } from './codes';

/**
 * The gateway status → TrangThaiHoSo. Configuration, not code: one known provincial system uses
 * code 6 differently, so a deployment can override any entry with PORTAL_STATUS_MAP (JSON).
 */
export const defaultPortalStatusMap: Record<DossierStatus, PortalStatusCode> = {
  submitted: '1',
  received: '2',
  refused: '3',
  processing: '4',
  supplement_requested: '5',
  payment_required: '6',
  withdrawal_requested: '7',
  stopped: '8',
  done: '9',
  returned: '10',
};

export const PortalStatusMapOverride = /* @__PURE__ */ (() => z.partialRecord(z.enum(dossierStatuses), z.enum(statusCodeValues)))();

export type PortalStatusMap = Record<DossierStatus, PortalStatusCode>;

export function portalStatusMap(overrideJson: string | undefined): PortalStatusMap {
  if (!overrideJson) return defaultPortalStatusMap;
  const override = PortalStatusMapOverride.parse(JSON.parse(overrideJson));
  return { ...defaultPortalStatusMap, ...override } as PortalStatusMap;
}
