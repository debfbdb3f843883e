import { recentLedgerRecords } from '../support/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/*
 * Error codes written to the ledger must survive bundling: the deployed bundles are minified, and
 * esbuild renames classes, so a code taken from `constructor.name` becomes a one-letter name in
 * AWS while the tests of the sources see the real one. This runs the *built* portal-sync bundle
 * (the twin's `bundled` mode, infra/bundling-options.ts), makes the portal refuse the session,
 * and reads the ledger record of that failed call.
 */
let fixture: TwinFixture;
let url: string;
let key: string;

beforeAll(async () => {
  fixture = await startTestTwin({ functionCode: 'bundled' });
  url = fixture.twin.gatewayUrl;
  key = await fixture.keyWith('dossiers:write', 'dossiers:read');
}, 120_000);
afterAll(() => fixture?.stop());

const synced = (code: string, version: number) =>
  eventually(async () => {
    const view = await call(url, 'GET', `/v1/dossiers/${code}`, { key });
    expect(view.body.sync.portal).toMatchObject({ state: 'synced', ackVersion: version });
  }, 30_000);

describe('the bundled portal-sync worker', () => {
  it('records the stable code of a portal failure in the ledger, not a minified class name', async () => {
    const code = 'H29-BUNDLED-ERR';
    expect((await call(url, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier() })).status).toBe(202);
    await synced(code, 1);

    // Every open session becomes invalid: the next call is refused with error_code -1 and the worker logs in again.
    await setPortalFaults(fixture.twin.simulators.portal!, { expireSessions: true });
    expect((await call(url, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier({ version: 2 }) })).status).toBe(202);
    await synced(code, 2);

    const entries = await recentLedgerRecords('portal');
    const refused = entries.filter((e) => e.subject === code && e.outcome !== 'ok');
    expect(refused.map((e) => e.errorCode)).toEqual(['portal-session-invalid']);
    expect(refused[0]).toMatchObject({ operation: 'DongBoHoSoMC', outcome: 'retryable' });
    expect(fixture.twin.runtime.bundleDirectory).toBeDefined();
  });
});
