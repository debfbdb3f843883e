import type { DossierSnapshot } from '../../../contracts/api/dossier';
import type { PortalDossier, PortalHeldDossier } from '../../../contracts/portal/dossier';
import type { PortalStep } from '../../../contracts/portal/progress';
import type { PortalStatusMap } from '../../../contracts/portal/status-mapping';
import { dossierDifferences, readBackSteps, statusShowsSteps } from '../../translate/portal-readback';
import { toPortalStep } from '../../translate/portal-steps';
import type { PortalSyncRecord } from '../dossier/dossier-records';

export interface PortalCallContext {
  readonly messageId: string;
  readonly dossierCode: string;
}

export interface ReadBackPorts {
  readonly lookupDossier: (dossierCode: string, context: PortalCallContext) => Promise<PortalHeldDossier | undefined>;
  readonly recordStepsSent: (dossierCode: string, stepIds: readonly string[]) => Promise<void>;
  readonly forgetStepsSent: (dossierCode: string, stepIds: readonly string[]) => Promise<void>;
  readonly statusMap: PortalStatusMap;
}

/** What the portal holds, as far as the next push needs to know. */
export interface PortalHolding {
  readonly portalHasIt: boolean;
  /** The portal's copy already equals the payload: DongBoHoSoMC can be skipped. */
  readonly dossierCurrent: boolean;
  /** Step ids the portal holds (the gateway's record, corrected by what the portal returned). */
  readonly sentStepIds: ReadonlySet<string>;
  /** Fields of the payload the portal holds differently (partner names, for logs and GET). */
  readonly differingFields: readonly string[];
  readonly missingStepIds: readonly string[];
  /** Pending steps the portal turned out to hold already (not sent again). */
  readonly stepsFoundHeld: number;
  /**
   * Steps of a call whose answer was lost that the portal does not hold (yet): it may still apply
   * that call late, so sending them at once risks a duplicate nobody can remove.
   */
  readonly inDoubtMissing: number;
  readonly duplicatedSteps: number;
  /** The portal returned its process history, so the steps were checked one by one. */
  readonly historyReturned: boolean;
}

/** Every history step of the snapshot with its translation, in the city's order. */
export function translatedSteps(snapshot: DossierSnapshot, statusMap: PortalStatusMap): { id: string; step: PortalStep }[] {
  return snapshot.history.map((s) => ({ id: s.id, step: toPortalStep(snapshot.dossierCode, s, statusMap) }));
}

/**
 * Asks the portal what it holds (TraCuuHoSo) and compares it with `payload`, the dossier the
 * gateway wants there. With the process history returned, steps are matched one by one; without
 * it, only the steps of the call whose answer was lost are in doubt, and they count as held only
 * if the dossier's status shows them (PARTNERS.md §1). What the portal proves held is recorded
 * as sent; recorded steps it does not hold are forgotten, so the next push sends them.
 */
export async function readBackPortal(
  snapshot: DossierSnapshot,
  payload: PortalDossier,
  record: PortalSyncRecord | undefined,
  context: PortalCallContext,
  ports: ReadBackPorts,
): Promise<PortalHolding> {
  const code = snapshot.dossierCode;
  const recordedIds = record?.sentStepIds ?? new Set<string>();
  const held = await ports.lookupDossier(code, context);
  if (!held) {
    // Nothing there: whatever the gateway recorded, everything goes again.
    if (recordedIds.size > 0) await ports.forgetStepsSent(code, [...recordedIds]);
    return { portalHasIt: false, dossierCurrent: false, sentStepIds: new Set(), differingFields: [], missingStepIds: [...recordedIds], stepsFoundHeld: 0, inDoubtMissing: 0, duplicatedSteps: 0, historyReturned: false };
  }
  const differingFields = dossierDifferences(payload, held);
  const steps = translatedSteps(snapshot, ports.statusMap);
  const recorded = steps.filter((s) => recordedIds.has(s.id));
  const pending = steps.filter((s) => !recordedIds.has(s.id));

  let heldIds: string[];
  let missingStepIds: string[] = [];
  let inDoubtMissing = 0;
  let duplicatedSteps = 0;
  if (held.QuaTrinhXuLy) {
    const matched = readBackSteps(held.QuaTrinhXuLy, recorded, pending);
    heldIds = matched.held;
    missingStepIds = matched.missing;
    inDoubtMissing = pending.filter((s) => record?.ambiguousStepIds?.has(s.id) && !heldIds.includes(s.id)).length;
    duplicatedSteps = matched.duplicated;
  } else {
    const inDoubt = pending.filter((s) => record?.ambiguousStepIds?.has(s.id));
    heldIds = statusShowsSteps(
      held,
      inDoubt.map((s) => s.step),
      payload,
    )
      ? inDoubt.map((s) => s.id)
      : [];
    inDoubtMissing = inDoubt.length - heldIds.length;
  }
  if (heldIds.length > 0) await ports.recordStepsSent(code, heldIds);
  if (missingStepIds.length > 0) await ports.forgetStepsSent(code, missingStepIds);
  const sentStepIds = new Set([...recordedIds, ...heldIds].filter((id) => !missingStepIds.includes(id)));
  return {
    portalHasIt: true,
    dossierCurrent: differingFields.length === 0,
    sentStepIds,
    differingFields,
    missingStepIds,
    stepsFoundHeld: heldIds.length,
    inDoubtMissing,
    duplicatedSteps,
    historyReturned: held.QuaTrinhXuLy !== undefined,
  };
}
