import type { DossierSnapshot } from '../../contracts/api/dossier';
import type { FieldError } from '../../contracts/api/problem';
import { PortalDossier } from '../../contracts/portal/dossier';
import { PortalStep } from '../../contracts/portal/progress';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import type * as z from 'zod';
import { canonicalFieldOfDossier, canonicalFieldOfStep } from './portal-field-paths';
import { toPortalDossier } from './portal-dossier';
import { toPortalStep } from './portal-steps';

/**
 * What the portal would refuse of this snapshot, as field errors on the canonical body: the
 * snapshot is translated exactly as the sync worker translates it and checked against the portal
 * contract (the dossier and every history step). Empty when the portal accepts all of it.
 *
 * The default status map is used: every map (default or PORTAL_STATUS_MAP) yields codes from the
 * portal's own list, so the choice of map cannot change whether a payload is valid.
 */
export function portalRefusals(snapshot: DossierSnapshot): FieldError[] {
  const refusals: FieldError[] = [];
  let dossier: PortalDossier;
  try {
    dossier = toPortalDossier(snapshot, defaultPortalStatusMap);
  } catch (error) {
    return [{ location: 'body', path: '', message: `cannot be translated for the national portal: ${(error as Error).message}` }];
  }
  const checked = PortalDossier.safeParse(dossier);
  if (!checked.success) {
    for (const issue of checked.error.issues) refusals.push({ ...canonicalFieldOfDossier(issue.path, snapshot), message: portalRule(issue) });
  }
  snapshot.history.forEach((step, index) => {
    let portalStep: PortalStep;
    try {
      portalStep = toPortalStep(snapshot.dossierCode, step, defaultPortalStatusMap);
    } catch (error) {
      refusals.push({ location: 'body', path: `/history/${index}`, message: `cannot be translated for the national portal: ${(error as Error).message}` });
      return;
    }
    const checkedStep = PortalStep.safeParse(portalStep);
    if (checkedStep.success) return;
    for (const issue of checkedStep.error.issues) refusals.push({ ...canonicalFieldOfStep(issue.path, index), message: portalRule(issue) });
  });
  return refusals;
}

/** The portal's rule, naming the portal field so the city can match it with the portal's documentation. */
function portalRule(issue: z.core.$ZodIssue): string {
  const field = issue.path.filter((segment) => typeof segment === 'string').join('.');
  return `the national portal refuses ${field || 'the dossier'}: ${issue.message}`;
}
