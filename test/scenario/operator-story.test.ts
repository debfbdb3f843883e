import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayCommandGroups } from '../../infra/cli/ops/gateway-commands';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * Issue 12's "done when", told with `npm run ops` on a real twin: the portal goes down by its
 * knob, 20 dossiers are pushed and listed as stuck with their reason; the portal comes back, the
 * operator re-syncs what is stuck, every dossier is synced, and one dossier's timeline shows each
 * version received and each attempt, with its ledger record.
 */
let fixture: TwinFixture;
let portal: string;
const codes = Array.from({ length: 20 }, (_, i) => `H29-STORY-${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  fixture = await startTestTwin();
  portal = fixture.twin.simulators.portal!;
});
afterAll(() => fixture.stop());

/** One CLI command in this process, as `npm run ops -- <name> …` runs it, with its printed lines. */
async function ops(name: string, positionals: string[] = [], values: Record<string, string | boolean> = {}) {
  const lines: string[] = [];
  const code = await gatewayCommandGroups[name]!.single.run({
    values: { url: fixture.twin.gatewayUrl, key: fixture.twin.operatorKey, ...values },
    positionals,
    target: { description: 'the gateway API' },
    out: (line) => lines.push(line),
  });
  expect(code).toBe(0);
  const text = lines.join('\n');
  return { text, json: values.json ? JSON.parse(text) : undefined };
}

const lagging = async () => ((await ops('stuck', [], { kind: 'dossiers', 'older-than': '0', json: true })).json.dossiers as { dossierCode: string; errorCode: string | null }[]).filter((d) => codes.includes(d.dossierCode));

describe('an operator unsticks a portal outage with npm run ops', () => {
  it('lists 20 dossiers pushed during an outage as stuck with their reason, re-syncs them once the portal is back, and shows every attempt', async () => {
    // The portal goes down; 20 dossiers arrive (the first one twice: versions 1 and 2).
    await setPortalFaults(portal, { down: true });
    for (const code of codes) expect((await call(fixture.twin.gatewayUrl, 'PUT', `/v1/dossiers/${code}`, { key: fixture.twin.apiKey, body: sampleDossier() })).status).toBe(202);
    expect((await call(fixture.twin.gatewayUrl, 'PUT', `/v1/dossiers/${codes[0]}`, { key: fixture.twin.apiKey, body: sampleDossier({ version: 2, summary: 'bổ sung' }) })).status).toBe(202);

    // Stuck, each with its reason once its turn came: the portal's error, or held back while the
    // portal is marked down (until then a dossier still queued for its first attempt has none).
    await eventually(async () => {
      const listed = await lagging();
      expect(listed).toHaveLength(20);
      for (const d of listed) expect(['portal-unreachable', 'portal-parked']).toContain(d.errorCode);
      expect(listed.filter((d) => d.errorCode === 'portal-unreachable').length).toBeGreaterThan(0);
    }, 60_000);
    const table = (await ops('stuck', [], { kind: 'dossiers', 'older-than': '0' })).text;
    expect(table, table).toMatch(/^dossiers \(20\)/);
    expect(table).toContain('portal-unreachable');
    for (const code of codes) expect(table).toContain(code);
    const health = (await ops('health')).text;
    expect(health).toMatch(/^portal\s+(down|parked)\s/m);

    // The default target is the running twin (<data dir>/twin.json), as `npm run ops` finds it.
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'infra/cli/ops.ts', 'stuck', '--kind', 'dossiers', '--older-than', '0', '--data-dir', fixture.dataDir], {
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(stdout).toContain(codes[19]);

    // The portal is back; the operator re-syncs what the stuck list shows.
    await setPortalFaults(portal, { down: false });
    const resynced = await ops('resync', [], { stuck: true });
    expect(resynced.text).toMatch(/^re-synced \d+/);
    for (const code of codes) await eventually(async () => expect((await inspectPortalDossier(portal, code))?.dossier.MaHoSo).toBe(code), 30_000);
    await eventually(async () => expect(await lagging()).toEqual([]), 30_000);
    expect((await ops('resync', [], { stuck: true })).text).toBe('nothing stuck to re-sync');

    // One dossier's timeline: both versions, each failed attempt and the one that succeeded, each with its ledger record.
    const timeline = (await ops('timeline', [codes[0]!], { json: true })).json;
    expect(timeline.sync).toMatchObject({ state: 'synced', ackVersion: 2 });
    const entries = timeline.entries as { kind: string; outcome: string; version: number | null; ledgerRecordId: string | null; reference: string | null; partner: string }[];
    expect(entries.filter((e) => e.kind === 'version-received').map((e) => e.version)).toEqual([1, 2]);
    expect(entries.filter((e) => e.kind === 'version-received').every((e) => /^sha256:[\w-]{43}$/.test(e.reference ?? ''))).toBe(true);
    const attempts = entries.filter((e) => e.kind === 'portal-attempt');
    expect(attempts.some((e) => e.outcome === 'retryable')).toBe(true);
    expect(attempts.some((e) => e.outcome === 'ok')).toBe(true);
    expect(attempts.every((e) => e.ledgerRecordId !== null)).toBe(true);
    expect(entries.find((e) => e.kind === 'operator-action')).toMatchObject({ partner: 'operator' });
    const printed = (await ops('timeline', [codes[0]!])).text;
    expect(printed).toContain('version 2 stored');
    expect(printed).toContain('portal ack');
    expect(printed.match(/portal-attempt/g)?.length).toBe(attempts.length);
  }, 180_000);
});
