import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DossierSnapshotInput } from '../../contracts/api/dossier';
import { DossierSnapshotInput as SnapshotSchema } from '../../contracts/api/dossier';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import type { DossierPartition, PortalSyncRecord } from '../../functions/core/dossier/dossier-records';
import type { LeaseResult, PortalSyncPorts } from '../../functions/core/portal/portal-sync';
import { syncDossierToPortal } from '../../functions/core/portal/portal-sync';
import { PortalSimulator } from '../../infra/local/simulators/portal/portal-simulator';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { PortalView } from '../support/portal-sim';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';

/**
 * A container that dies right after the portal accepted a call, before the next DynamoDB write
 * recorded it (a Lambda timeout or crash: no `finally` runs, the lease stays). The next attempt,
 * once the lease has expired, must not send the dossier again as new nor repeat steps: the
 * dossier ends at the portal created once, with the latest version, each step once.
 *
 * The real portal client speaks to the real portal simulator over HTTP (only the ledger's
 * DynamoDB is mocked); the sync record lives in memory with the store's conditions (lease taken
 * only when free or expired, acknowledgement monotonic and releasing the lease).
 */
const credentials = { username: 'crash-test', password: 'crash-secret' };
const dynamo = mockClient(DynamoDBDocumentClient);
const simulator = new PortalSimulator(credentials);
let portalUrl: string;
let client: typeof import('../../functions/adapters/portal/portal-client');

beforeAll(async () => {
  await new Promise<void>((resolve) => simulator.server.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(simulator.server.address() as AddressInfo).port}`;
  Object.assign(process.env, { PORTAL_BASE_URL: portalUrl, PORTAL_CREDENTIALS: JSON.stringify(credentials), LEDGER_TABLE: 'ledger' });
  client = await import('../../functions/adapters/portal/portal-client');
});
afterAll(() => new Promise<void>((resolve) => simulator.server.close(() => resolve())));
beforeEach(async () => {
  dynamo.reset();
  dynamo.on(PutCommand).resolves({});
  await fetch(`${portalUrl}/_reset`, { method: 'POST' });
});

const step = (n: number) => ({ id: `step-${n}`, actor: { name: 'Cán bộ' }, at: `2026-11-22T0${n}:30:00+07:00`, action: `Bước ${n}`, status: 'processing' as const });

/** The dossier's stored partition and sync record, with the sync store's conditions. */
function memoryStore(code: string, clock: { now: number }) {
  let state: DossierPartition['state'];
  let sync: PortalSyncRecord & { leaseUntil?: string } = { attempts: 0 };
  const withSteps = (ids: readonly string[]) => new Set([...(sync.sentStepIds ?? []), ...ids]);
  return {
    put(input: DossierSnapshotInput) {
      const snapshot = { ...SnapshotSchema.parse(input), dossierCode: code };
      state = { dossierCode: code, version: snapshot.version, contentHash: `v${snapshot.version}`, snapshot, storedAt: new Date(clock.now).toISOString() };
    },
    record: () => sync,
    ports: {
      readDossier: async () => ({ state, portalSync: sync }),
      acquirePortalLease: async (_code, owner, now, seconds): Promise<LeaseResult> => {
        if (sync.leaseUntil && sync.leaseUntil >= now.toISOString() && sync.leaseOwner !== owner) return { acquired: false };
        const before = sync;
        sync = { ...sync, leaseOwner: owner, leaseUntil: new Date(now.getTime() + seconds * 1000).toISOString(), attempts: sync.attempts + 1, lastAttemptAt: now.toISOString() };
        return { acquired: true, before };
      },
      releasePortalLease: async (_code, owner) => {
        if (sync.leaseOwner === owner) sync = { ...sync, leaseOwner: undefined, leaseUntil: undefined };
      },
      recordPortalHasDossier: async () => void (sync = { ...sync, portalHasDossier: true }),
      recordStepsSent: async (_code, ids, portalHasDossier) => void (sync = { ...sync, sentStepIds: withSteps(ids), ...(portalHasDossier ? { portalHasDossier } : {}) }),
      forgetStepsSent: async (_code, ids) => void (sync = { ...sync, sentStepIds: new Set([...(sync.sentStepIds ?? [])].filter((id) => !ids.includes(id))) }),
      recordFailure: async (_code, lastError, failureStreak, nextAttemptAt) => void (sync = { ...sync, lastError, failureStreak, nextAttemptAt }),
      recordOutcomeUnknown: async (_code, at, stepIds) => void (sync = { ...sync, readBackNeeded: true, ambiguousAt: at, ambiguousStepIds: new Set(stepIds) }),
      recordAcknowledged: async (_code, version, revision, at, _verifyDueAt, alongside) => {
        if ((sync.ackVersion ?? 0) > version || (sync.ackVersion === version && (sync.ackRevision ?? 0) >= revision)) return false;
        if (alongside && sync.leaseOwner !== alongside.leaseOwner) return false;
        sync = {
          ...sync,
          ackVersion: version,
          ackRevision: revision,
          ackedAt: at,
          failureStreak: 0,
          lastError: undefined,
          nextAttemptAt: undefined,
          readBackNeeded: undefined,
          ambiguousStepIds: undefined,
          ...(alongside
            ? { leaseOwner: undefined, leaseUntil: undefined, sentStepIds: withSteps(alongside.stepIds), ...(alongside.portalHasDossier ? { portalHasDossier: true } : {}) }
            : {}),
        };
        return true;
      },
      clearPortalPending: async () => undefined,
    } satisfies Partial<PortalSyncPorts>,
  };
}

const never = () => new Promise<never>(() => undefined);

/**
 * The worker's ports, with the real portal client. `crashAfter` names a portal call: once the
 * portal has accepted it, the container dies — the call never returns, nothing after it runs.
 */
function worker(store: ReturnType<typeof memoryStore>, clock: { now: number }, crashAfter?: 'pushDossier' | 'pushSteps'): PortalSyncPorts {
  const dies = <A extends unknown[]>(name: string, call: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      await call(...args);
      if (name === crashAfter) await never();
    };
  return {
    ...store.ports,
    pushDossier: dies('pushDossier', client.pushDossier),
    pushSteps: dies('pushSteps', client.pushSteps),
    lookupDossier: client.lookupDossier,
    statusMap: defaultPortalStatusMap,
    backoff: { baseSeconds: 5, maxSeconds: 43_200 },
    verification: { share: 0, delaySeconds: 60 },
    readBackGraceSeconds: 30,
    now: () => new Date(clock.now),
    random: () => 0.5,
  };
}

/** DongBoHoSoMC calls the portal acted on (a refused session, after the simulator's reset, is not one). */
const dongBo = (view: PortalView | undefined) => view?.calls.filter((c) => c.service === 'DongBoHoSoMC' && c.errorCode !== '-1') ?? [];

describe('a container that dies after the portal accepted its call', () => {
  it.each([false, true])('DongBoHoSoMC accepted, then the crash; the city sends v2 meanwhile (history returned: %s)', async (lookupHistory) => {
    await setPortalFaults(portalUrl, { lookupHistory });
    const code = `H29-CRASH-D-${lookupHistory}`;
    const clock = { now: Date.parse('2026-11-30T03:00:00Z') };
    const store = memoryStore(code, clock);
    store.put(sampleDossier({ version: 1, history: [step(1), step(2)] }));

    // Act: the first attempt dies once the portal has created the dossier.
    void syncDossierToPortal({ dossierCode: code, version: 1 }, 'm1', worker(store, clock, 'pushDossier'));
    await expect.poll(async () => dongBo(await inspectPortalDossier(portalUrl, code)).length).toBe(1);
    expect(store.record().portalHasDossier).toBeUndefined();
    store.put(sampleDossier({ version: 2, summary: 'phiên bản 2', history: [step(1), step(2), step(3)] }));
    // While its lease lasts, nobody pushes; once it has expired, a fresh container retries.
    await expect(syncDossierToPortal({ dossierCode: code, version: 2 }, 'm2', worker(store, clock))).rejects.toMatchObject({ reasonCode: 'dossier-busy' });
    clock.now += 241_000;
    const outcome = await syncDossierToPortal({ dossierCode: code, version: 2 }, 'm2', worker(store, clock));

    // Assess: created once (never a second "new"), then updated to v2; every step once.
    const view = await inspectPortalDossier(portalUrl, code);
    expect(dongBo(view).map((c) => [c.isUpdating, c.outcome])).toEqual([
      ['False', 'accepted'],
      ['True', 'accepted'],
    ]);
    expect(view?.received.map((d) => d.TrichYeuHoSo)).toEqual([expect.not.stringContaining('phiên bản 2'), 'phiên bản 2']);
    expect(view?.history.map((s) => s.NoiDungXuLy)).toEqual(['Bước 1', 'Bước 2', 'Bước 3']);
    expect(outcome).toMatchObject({ kind: 'synced', version: 2, dossierSent: true, stepsSent: 3 });
    expect(store.record()).toMatchObject({ ackVersion: 2, portalHasDossier: true, leaseOwner: undefined });
  });

  it('DongBoHoSoMC accepted, then the crash, same version: the retry sends only the steps', async () => {
    const code = 'H29-CRASH-SAME';
    const clock = { now: Date.parse('2026-11-30T03:00:00Z') };
    const store = memoryStore(code, clock);
    store.put(sampleDossier({ version: 1, history: [step(1)] }));
    void syncDossierToPortal({ dossierCode: code, version: 1 }, 'm1', worker(store, clock, 'pushDossier'));
    await expect.poll(async () => dongBo(await inspectPortalDossier(portalUrl, code)).length).toBe(1);
    clock.now += 241_000;

    const outcome = await syncDossierToPortal({ dossierCode: code, version: 1 }, 'm1', worker(store, clock));

    const view = await inspectPortalDossier(portalUrl, code);
    expect(dongBo(view)).toHaveLength(1);
    expect(view?.received).toHaveLength(1);
    expect(view?.history).toHaveLength(1);
    expect(outcome).toMatchObject({ kind: 'synced', version: 1, dossierSent: false, stepsSent: 1 });
  });

  it('CapNhatTienDoHoSoMC accepted, then the crash: the retry sends no step twice (history returned)', async () => {
    await setPortalFaults(portalUrl, { lookupHistory: true });
    const code = 'H29-CRASH-STEPS';
    const clock = { now: Date.parse('2026-11-30T03:00:00Z') };
    const store = memoryStore(code, clock);
    store.put(sampleDossier({ version: 1, history: [step(1), step(2)] }));
    void syncDossierToPortal({ dossierCode: code, version: 1 }, 'm1', worker(store, clock, 'pushSteps'));
    await expect.poll(async () => (await inspectPortalDossier(portalUrl, code))?.history.length ?? 0).toBe(2);
    clock.now += 241_000;

    const outcome = await syncDossierToPortal({ dossierCode: code, version: 1 }, 'm1', worker(store, clock));

    const view = await inspectPortalDossier(portalUrl, code);
    expect(dongBo(view)).toHaveLength(1);
    expect(view?.history.map((s) => s.NoiDungXuLy)).toEqual(['Bước 1', 'Bước 2']);
    expect(outcome).toMatchObject({ kind: 'synced', version: 1, dossierSent: false, stepsSent: 0 });
    expect(store.record()).toMatchObject({ ackVersion: 1, sentStepIds: new Set(['step-1', 'step-2']) });
  });
});
