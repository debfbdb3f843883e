import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleExtension, lambdaBundling, projectRoot } from '../../infra/bundling-options';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { functions } from '../../infra/topology/functions';
import { inspectPortalDossier } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/*
 * The bundles the bench measures (infra/bundling-options.ts, CommonJS output, partner calls on
 * Node's fetch) are not just smaller: they work. The twin runs them in place of the sources, and
 * the partner calls (JSON POSTs to the portal and to the city) arrive.
 */

describe('bundles built with the shared esbuild options', () => {
  it('carry no HTTP client library in the partner workers: partner calls use the platform fetch', async () => {
    for (const key of ['portalSync', 'cityDelivery', 'paymentReconciler', 'verifyCitizen'] as const) {
      const result = await esbuild.build({ ...lambdaBundling, entryPoints: [path.join(projectRoot, functions[key].entry)], write: false, metafile: true, outdir: '/tmp' });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs).toContain('functions/adapters/partners/partner-http-client.ts');
      expect(inputs.filter((input) => /node_modules\/(axios|follow-redirects|proxy-from-env|form-data|mime-db|mime-types|combined-stream)\//.test(input))).toEqual([]);
    }
  });

  it('carry no classic zod in the partner workers, the partner-facing and the insight functions: their contracts and settings are zod/mini', async () => {
    const keys = [
      'portalSync',
      'portalVerifier',
      'cityDelivery',
      'paymentReconciler',
      'opsActions',
      'verifyCitizen',
      'openPayment',
      'portalCallback',
      'paymentConfirmation',
      'insightWorker',
      'insightDeadlines',
      'insightReconciler',
      'getInsight',
    ] as const;
    for (const key of keys) {
      const result = await esbuild.build({ ...lambdaBundling, entryPoints: [path.join(projectRoot, functions[key].entry)], write: false, metafile: true, outdir: '/tmp' });
      // What the output keeps, not what was read: a contract file may still import classic zod for schemas tree-shaken away.
      const kept = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([file]) => file);
      expect(kept.some((file) => file.includes('node_modules/zod/v4/mini/')), key).toBe(true);
      expect(kept.filter((file) => file.includes('node_modules/zod/v4/classic/')), key).toEqual([]);
    }
  });
});

describe('the twin running the deployed bundles instead of the sources', () => {
  let fixture: TwinFixture;
  let url: string;
  let key: string;

  beforeAll(async () => {
    fixture = await startTestTwin({ functionCode: 'bundled', functionEnvironment: { CITY_DELIVERY_RETRY_SCHEDULE: '1,1,1' } });
    url = fixture.twin.gatewayUrl;
    key = await fixture.keyWith('dossiers:write', 'dossiers:read', 'deliveries:read', 'insight:read');
  });
  afterAll(() => fixture?.stop());

  it('stores a dossier and syncs it to the portal through the bundled fetch client (JSON POST)', async () => {
    const put = await call(url, 'PUT', '/v1/dossiers/H29-BUNDLE-1', { key, body: sampleDossier() });
    expect(put.status).toBe(202);
    const get = await call(url, 'GET', '/v1/dossiers/H29-BUNDLE-1', { key });
    expect(get.status).toBe(200);
    expect(get.body.snapshot.applicant.name).toBe('Nguyễn Thị Minh Khai');

    await eventually(async () => {
      const view = await call(url, 'GET', '/v1/dossiers/H29-BUNDLE-1', { key });
      expect(view.body.sync.portal.state).toBe('synced');
    }, 20_000);
    const atPortal = await inspectPortalDossier(fixture.twin.simulators.portal!, 'H29-BUNDLE-1');
    expect(atPortal?.received.length).toBeGreaterThanOrEqual(1);
    expect(atPortal?.received[0]).toMatchObject({ MaHoSo: 'H29-BUNDLE-1' });
  });

  it('keeps the shadow scorecard with the bundled insight worker and answers it with the bundled reader (zod/mini contracts)', async () => {
    const unit = sampleDossier().handlingUnit.code!;
    const month = sampleDossier().receivedAt!.slice(0, 7);
    await eventually(async () => {
      const card = await call(url, 'GET', `/v1/insight/scorecard?unit=${unit}&period=${month}`, { key });
      expect(card.status).toBe(200);
      expect(card.body.counters.dossiers).toBeGreaterThanOrEqual(1);
    }, 20_000);
    const trend = await call(url, 'GET', `/v1/insight/trend?unit=${unit}&months=3`, { key });
    expect(trend.status).toBe(200);
    expect(trend.body.months).toHaveLength(3);
    const refused = await call(url, 'GET', '/v1/insight/trend?months=1.5', { key });
    expect(refused.status).toBe(422);
  });

  it('verifies a portal callback and delivers it to the city through the bundled fetch client (signed JSON POST)', async () => {
    const portal = fixture.twin.simulators.portal!;
    const city = fixture.twin.simulators.city!;
    const sent = (await (await fetch(`${portal}/_actions/submit`, { method: 'POST', body: '{}' })).json()) as { webhookId: string; status: number };
    expect(sent.status).toBe(202);
    await eventually(async () => {
      const view = await call(url, 'GET', `/v1/deliveries/${sent.webhookId}`, { key });
      expect(view.body.status).toBe('delivered');
    }, 20_000);
    const atCity = await fetch(`${city}/_inspect/deliveries/${sent.webhookId}`);
    expect(atCity.status).toBe(200);
  });

  it('ran the bundles, not the sources', () => {
    const dir = fixture.twin.runtime.bundleDirectory;
    expect(dir).toBeDefined();
    const built = readdirSync(dir!);
    for (const key of ['authorizer', 'putDossier', 'getDossier', 'portalSync', 'portalCallback', 'cityDelivery', 'getDelivery', 'insightWorker', 'getInsight']) {
      expect(built).toContain(`${key}.${bundleExtension()}`);
    }
    // The twin's source mode builds too (a container loads JavaScript), but unminified and with
    // source maps beside each file; the deployed bundles carry none.
    expect(built.filter((file) => file.endsWith('.map'))).toEqual([]);
  });
});
