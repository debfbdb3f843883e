import { describe, expect, it, vi } from 'vitest';
import type { DossierSnapshot } from '../../contracts/api/dossier';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { contentHash } from '../../functions/core/content-hash';
import type { DossierPartition, PutSnapshotResult, StoredDossier } from '../../functions/core/dossier/dossier-records';
import { upsertDossier } from '../../functions/core/dossier/dossier-upsert';
import { DependencyUnavailableError, VersionConflictError } from '../../functions/core/errors';
import { sampleDossier } from '../../infra/local/sample-dossier';

const snapshot = (version: number, summary = 'Hồ sơ khai sinh'): DossierSnapshot => ({
  ...DossierSnapshotInput.parse(sampleDossier({ version, summary })),
  dossierCode: 'H29-0001',
});

function storedFrom(s: DossierSnapshot): StoredDossier {
  return { dossierCode: s.dossierCode, version: s.version, contentHash: contentHash(s), snapshot: s, storedAt: '2026-11-22T01:00:00.000Z' };
}

function ports(write: PutSnapshotResult, enqueue: () => Promise<void> = async () => undefined) {
  return {
    putSnapshotIfNewer: vi.fn(async () => write),
    enqueuePortalSync: vi.fn(enqueue),
    recordVersion: vi.fn(async () => undefined),
    now: () => new Date('2026-11-22T01:00:00.000Z'),
  };
}

const rejected = (current: DossierPartition): PutSnapshotResult => ({ written: false, current });

describe('upsertDossier', () => {
  it('stores a new dossier and queues its portal sync', async () => {
    const p = ports({ written: true });
    const result = await upsertDossier(snapshot(1), p);
    expect(result).toMatchObject({ outcome: 'stored', version: 1, sync: { portal: { state: 'pending', ackVersion: null } } });
    expect(p.enqueuePortalSync).toHaveBeenCalledWith({ dossierCode: 'H29-0001', version: 1, origin: 'api' });
  });

  it('records a refused version in the history before its answer; a stored one is recorded by its own write', async () => {
    // Prepare
    const fresh = ports({ written: true });
    const older = ports(rejected({ state: storedFrom(snapshot(5)), recentVersions: [{ version: 5, contentHash: contentHash(snapshot(5)) }] }));

    // Act
    await upsertDossier(snapshot(4), fresh);
    await upsertDossier(snapshot(3), older).catch(() => undefined);

    // Assess
    expect(fresh.putSnapshotIfNewer).toHaveBeenCalledWith(expect.objectContaining({ dossierCode: 'H29-0001', version: 4, storedAt: '2026-11-22T01:00:00.000Z' }));
    expect(fresh.recordVersion).not.toHaveBeenCalled();
    expect(older.recordVersion).toHaveBeenCalledWith(expect.objectContaining({ version: 3 }), 5);
  });

  it('does not record again a number and content the history already has; other content under a known number is a refusal of its own', async () => {
    // Prepare: version 5 stored, 3 and 4 among STATE's recent versions.
    const current = { state: storedFrom(snapshot(5)), recentVersions: [3, 4, 5].map((v) => ({ version: v, contentHash: contentHash(snapshot(v)) })) };
    const resend = ports(rejected(current));
    const olderSame = ports(rejected(current));
    const conflict = ports(rejected(current));
    const olderOther = ports(rejected(current));

    // Act
    await upsertDossier(snapshot(5), resend);
    await upsertDossier(snapshot(4), olderSame).catch(() => undefined);
    await upsertDossier(snapshot(5, 'khác'), conflict).catch(() => undefined);
    await upsertDossier(snapshot(4, 'khác'), olderOther).catch(() => undefined);

    // Assess
    for (const p of [resend, olderSame]) expect(p.recordVersion).not.toHaveBeenCalled();
    expect(conflict.recordVersion).toHaveBeenCalledWith(expect.objectContaining({ version: 5, contentHash: contentHash(snapshot(5, 'khác')) }), 5);
    expect(olderOther.recordVersion).toHaveBeenCalledWith(expect.objectContaining({ version: 4, contentHash: contentHash(snapshot(4, 'khác')) }), 5);
  });

  it('treats the same version with identical content as an idempotent success and queues again', async () => {
    const p = ports(rejected({ state: storedFrom(snapshot(3)) }));
    const result = await upsertDossier(snapshot(3), p);
    expect(result.outcome).toBe('unchanged');
    expect(p.enqueuePortalSync).toHaveBeenCalledTimes(1);
  });

  it('does not queue a resend the portal already acknowledged', async () => {
    const p = ports(rejected({ state: storedFrom(snapshot(3)), portalSync: { ackVersion: 3, attempts: 1 } }));
    const result = await upsertDossier(snapshot(3), p);
    expect(result.sync.portal.state).toBe('synced');
    expect(p.enqueuePortalSync).not.toHaveBeenCalled();
  });

  it('rejects the same version with different content as a conflict naming the stored version', async () => {
    const p = ports(rejected({ state: storedFrom(snapshot(3, 'khác')) }));
    const error = await upsertDossier(snapshot(3), p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).storedVersion).toBe(3);
    expect(p.enqueuePortalSync).not.toHaveBeenCalled();
  });

  it('rejects an older version as a conflict', async () => {
    const p = ports(rejected({ state: storedFrom(snapshot(5)) }));
    const error = await upsertDossier(snapshot(4), p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).message).toContain('older than the stored version 5');
  });

  it('answers 503 with Retry-After when the queue refuses, so the caller resends', async () => {
    const p = ports({ written: true }, async () => {
      throw new Error('queue down');
    });
    const error = await upsertDossier(snapshot(1), p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).status).toBe(503);
    expect((error as DependencyUnavailableError).headers['retry-after']).toBe('2');
  });

  it('gives equal content the same hash whatever the input key order', () => {
    const input = sampleDossier();
    const reversed = Object.fromEntries(Object.entries(input).reverse());
    expect(contentHash(DossierSnapshotInput.parse(reversed))).toBe(contentHash(DossierSnapshotInput.parse(input)));
  });
});

describe('upsertDossier size guard', () => {
  it('answers 413, not a storage error, when normalisation grows a snapshot past what DynamoDB can hold', async () => {
    // U+FB2C is 3 bytes as sent and 6 once NFC-normalised; a body under 256 KiB can thus grow past
    // 350 kB. The guard measures what would be stored, here a snapshot already grown that far.
    expect(Buffer.byteLength('\uFB2C'.normalize('NFC'))).toBe(2 * Buffer.byteLength('\uFB2C'));
    const big = { ...snapshot(1), summary: '\uFB2C'.normalize('NFC').repeat(60_000), dossierCode: 'H29-BIG' };
    const p = ports({ written: true });
    const error = await upsertDossier(big, p).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, type: 'urn:lienthong:problem:payload-too-large' });
    expect(p.putSnapshotIfNewer).not.toHaveBeenCalled();
  });
});
