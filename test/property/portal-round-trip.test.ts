import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DossierSnapshot } from '../../contracts/api/dossier';
import { OnlineDossier } from '../../contracts/api/dossier';
import { PortalDossier } from '../../contracts/portal/dossier';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { fieldsWithoutPortalPlace, portalSummaryMaxCharacters, toPortalDossier } from '../../functions/translate/portal-dossier';
import { fromPortalDossier } from '../../functions/translate/portal-dossier-inverse';
import { truncateText } from '../../functions/translate/portal-text';
import { dossiers } from '../support/dossier-arbitraries';

/** Instants compare as moments, not strings: the portal writes them in GMT+7 without an offset. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, comparable(v)]));
  }
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(value)) return Date.parse(value);
  return value;
}

/** The canonical dossier minus what the portal has no place for (fieldsWithoutPortalPlace). */
function carriedPart(dossier: DossierSnapshot) {
  const { version: _version, history: _history, ...rest } = dossier;
  const { code: _unitCode, ...handlingUnit } = dossier.handlingUnit;
  const { address: _address, ...contacts } = dossier.applicant.contacts;
  return {
    ...rest,
    summary: truncateText(dossier.summary, portalSummaryMaxCharacters),
    handlingUnit,
    applicant: { ...dossier.applicant, contacts, identifiers: dossier.applicant.identifiers.filter((id) => id.kind !== 'tax_code') },
    history: [],
  };
}

describe('canonical → portal → canonical', () => {
  it('keeps every field the portal carries', () => {
    expect(fieldsWithoutPortalPlace).toEqual(['applicant.contacts.address', 'applicant.identifiers[kind=tax_code]', 'handlingUnit.code', 'history[].id', 'version']);
    fc.assert(
      fc.property(dossiers, (dossier) => {
        const portal = PortalDossier.parse(toPortalDossier(dossier, defaultPortalStatusMap));
        const back = OnlineDossier.parse(fromPortalDossier(portal, defaultPortalStatusMap));
        expect(comparable(back)).toEqual(comparable(carriedPart(dossier)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a portal code the contract does not know, naming the field', () => {
    const [dossier] = fc.sample(dossiers, { numRuns: 1, seed: 7 });
    const portal = toPortalDossier(dossier!, defaultPortalStatusMap);
    expect(() => fromPortalDossier({ ...portal, HinhThuc: '7' }, defaultPortalStatusMap)).toThrow(/HinhThuc/);
  });
});
