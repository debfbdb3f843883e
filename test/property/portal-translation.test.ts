import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DossierSnapshot } from '../../contracts/api/dossier';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { PortalDossier } from '../../contracts/portal/dossier';
import { PortalStep } from '../../contracts/portal/progress';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { fieldsWithoutPortalPlace, toPortalDossier } from '../../functions/translate/portal-dossier';
import { pendingStepChunks } from '../../functions/translate/portal-steps';
import { truncateText } from '../../functions/translate/portal-text';
import { fromPortalTime, toPortalTime } from '../../functions/translate/portal-time';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { dossiers, instants } from '../support/dossier-arbitraries';
import { fullDossier } from '../support/full-dossier';

describe('canonical → portal translation', () => {
  it('turns every valid canonical dossier into a payload the portal contract accepts', () => {
    fc.assert(
      fc.property(dossiers, (dossier) => {
        const result = PortalDossier.safeParse(toPortalDossier(dossier, defaultPortalStatusMap));
        expect(result.error?.issues ?? []).toEqual([]);
        for (const chunk of pendingStepChunks(dossier, new Set(), defaultPortalStatusMap)) {
          for (const step of chunk.steps) expect(PortalStep.safeParse(step).success).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes times as yyyyMMddHHmmss in GMT+7 that round-trip to the same instant, whatever the input offset', () => {
    fc.assert(
      fc.property(instants, (iso) => {
        const portal = toPortalTime(iso);
        expect(portal).toMatch(/^\d{14}$/);
        expect(Date.parse(fromPortalTime(portal))).toBe(Date.parse(iso));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the host time zone', () => {
    expect(toPortalTime('2026-12-31T17:30:00Z')).toBe('20270101003000');
    expect(toPortalTime('2026-11-22T08:15:00+07:00')).toBe('20261122081500');
    expect(toPortalTime('2026-11-21T20:15:00-05:00')).toBe('20261122081500');
  });

  it('cuts the summary to 1000 characters without splitting a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 1400 }), (text) => {
        const cut = truncateText(text, 1000);
        expect([...cut].length).toBeLessThanOrEqual(1000);
        expect(text.startsWith(cut)).toBe(true);
        if ([...text].length <= 1000) expect(cut).toBe(text);
        const segmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });
        const whole = [...segmenter.segment(text)].map((s) => s.segment);
        const kept = [...segmenter.segment(cut)].map((s) => s.segment);
        expect(whole.slice(0, kept.length)).toEqual(kept);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a decomposed tone mark with its letter at the cut', () => {
    const text = `${'a'.repeat(999)}e\u0302\u0301`; // 999 + ế as three code points
    expect(truncateText(text, 1000)).toBe('a'.repeat(999));
  });

  it('sends history steps not yet acknowledged, in order, in calls of at most ten', () => {
    fc.assert(
      fc.property(dossiers, fc.integer({ min: 0, max: 25 }), (dossier, alreadySent) => {
        const sent = new Set(dossier.history.slice(0, alreadySent).map((s) => s.id));
        const chunks = pendingStepChunks(dossier, sent, defaultPortalStatusMap);
        expect(chunks.every((c) => c.steps.length >= 1 && c.steps.length <= 10)).toBe(true);
        expect(chunks.flatMap((c) => c.ids)).toEqual(dossier.history.filter((s) => !sent.has(s.id)).map((s) => s.id));
      }),
      { numRuns: 200 },
    );
  });
});

/** Every leaf of the canonical dossier, as a path of keys and indices. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}

function withLeaf(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

/** A different value of the same kind that still satisfies the contract. */
function alternatives(current: unknown): unknown[] {
  if (typeof current === 'boolean') return [!current];
  if (typeof current === 'number') return [current + 1];
  if (typeof current !== 'string') return [];
  if (!Number.isNaN(Date.parse(current)) && /T\d\d:/.test(current)) return [new Date(Date.parse(current) + 3_600_000).toISOString()];
  if (/^https:/.test(current)) return [`${current}?v=2`];
  if (/^\d+$/.test(current)) return [current.slice(0, -1) + ((Number(current.at(-1)) + 1) % 10)];
  return ['personal_id', 'legacy_id', 'tax_code', 'individual', 'enterprise', 'online', 'postal', 'counter', 'post', 'fee', 'charge', 'requested', 'submitted', 'processing', 'done', 'bank_transfer', 'counter']
    .filter((v) => v !== current)
    .concat([`${current}x`]);
}

describe('no canonical field is dropped silently', () => {
  it('changes the portal payload when any field changes, except the fields listed as having no place', () => {
    const full = fullDossier();
    // What the portal receives of a dossier: the DongBoHoSoMC item and the CapNhatTienDoHoSoMC steps.
    const translate = (input: unknown) => {
      const dossier = { ...DossierSnapshotInput.parse(input), dossierCode: 'H29-X' };
      return JSON.stringify([toPortalDossier(dossier, defaultPortalStatusMap), pendingStepChunks(dossier, new Set(), defaultPortalStatusMap).map((c) => c.steps)]);
    };
    const baseline = translate(full);
    const unplaced: string[] = [];
    const noValidAlternative: string[] = [];
    for (const path of leafPaths(DossierSnapshotInput.parse(full))) {
      const dotted = path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.').replaceAll('.[]', '[]');
      const original = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], DossierSnapshotInput.parse(full));
      const changed = alternatives(original)
        .map((alt) => withLeaf(full, path, alt))
        .find((candidate) => DossierSnapshotInput.safeParse(candidate).success);
      if (changed === undefined) noValidAlternative.push(dotted);
      else if (translate(changed) === baseline) unplaced.push(dotted);
    }
    // The identifier kind cannot change alone (the number's format depends on it); its number does.
    expect(noValidAlternative).toEqual(['applicant.identifiers[].kind', 'applicant.identifiers[].kind']);
    // The full dossier has no tax code, so that declared entry cannot show up here.
    const declared = fieldsWithoutPortalPlace.filter((f) => !f.includes('tax_code'));
    expect([...new Set(unplaced)].sort()).toEqual([...declared].sort());
  });
});

it('sample dossier translates (smoke)', () => {
  expect(PortalDossier.safeParse(toPortalDossier({ ...DossierSnapshotInput.parse(sampleDossier()), dossierCode: 'A' }, defaultPortalStatusMap)).success).toBe(true);
});
