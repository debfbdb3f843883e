import { describe, expect, it } from 'vitest';
import { needsNudge } from '../../functions/core/portal/portal-sweep';

const now = new Date('2026-11-22T10:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const dossier = { dossierCode: 'H29-1', version: 3, revision: 0, pendingSince: ago(600) };

describe('needsNudge', () => {
  it('nudges a lagging dossier with no recent attempt', () => {
    expect(needsNudge(dossier, undefined, now, 300)).toBe(true);
    expect(needsNudge(dossier, { attempts: 2, ackVersion: 2, lastAttemptAt: ago(900) }, now, 300)).toBe(true);
  });

  it('leaves alone a dossier stored, attempted or scheduled recently', () => {
    expect(needsNudge({ ...dossier, pendingSince: ago(10) }, undefined, now, 300)).toBe(false);
    expect(needsNudge(dossier, { attempts: 1, lastAttemptAt: ago(10) }, now, 300)).toBe(false);
    expect(needsNudge(dossier, { attempts: 1, lastAttemptAt: ago(900), nextAttemptAt: ago(-60) }, now, 300)).toBe(false);
  });

  it('leaves alone a dossier already acknowledged', () => {
    expect(needsNudge(dossier, { attempts: 1, ackVersion: 3 }, now, 300)).toBe(false);
  });

  it('leaves alone a version the portal rejected for good, but not a newer one', () => {
    const rejected = { code: 'portal-rejected-2', message: 'x', permanent: true, at: ago(900), version: 3 };
    expect(needsNudge(dossier, { attempts: 1, lastAttemptAt: ago(900), lastError: rejected }, now, 300)).toBe(false);
    expect(needsNudge({ ...dossier, version: 4 }, { attempts: 1, lastAttemptAt: ago(900), lastError: rejected }, now, 300)).toBe(true);
  });
});
