import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTwin } from '../../infra/local/twin';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { DossierSnapshotInput } from '../../contracts/api/dossier';

/**
 * `npx tsx test/bench/insight.ts`: the shadow scorecard's costs on the twin's embedded DynamoDB.
 * 1. DynamoDB requests and wall time per snapshot update (new dossier, new version, resend, unit move),
 *    through the real contribution updater and adapters.
 * 2. Read latency of the scorecard routes' queries with 10,000 dossiers put through the updater,
 *    then with 100,000: the extra 90,000 are added to the counter items directly (the sums the
 *    updater would have written; reads touch counter items only, so their number is what matters)
 *    and one in ten gets an at-risk entry, as the updater would.
 * Writes test/bench/results/insight.json.
 */

const dataDir = mkdtempSync(path.join(tmpdir(), 'insight-bench-'));
const twin = await startTwin({ port: 0, dataDir, inMemory: true, region: 'ap-southeast-1', schedules: false, authorizerCacheSeconds: 0 });
process.env.PORTAL_SYNC_QUEUE_URL ??= twin.queueUrls.portalSync.main;
const { putSnapshotIfNewer } = await import('../../functions/adapters/dossier-store');
const { contributionPorts } = await import('../../functions/adapters/insight-ports');
const store = await import('../../functions/adapters/insight-store');
const { refreshContribution } = await import('../../functions/core/insight/contribution-update');
const { bucketKeys } = await import('../../functions/core/insight/buckets');
const { parsePeriod, monthOf } = await import('../../functions/core/insight/periods');
const { cityScorecard, unitScorecard, byUnitTable } = await import('../../functions/core/insight/scorecard-read');
const { insightConfig } = await import('../../functions/config/insight-config');
const { snapshotFor } = await import('../../functions/core/dossier-snapshot');
const { contentHashOfJson } = await import('../../functions/core/content-hash');

const units = 20;
const procedures = ['1.000494.000.00.00.H29', '1.001193.000.00.00.H29', '1.000656.000.00.00.H29', '2.000986.000.00.00.H29', '1.004227.000.00.00.H29', '2.001023.000.00.00.H29', '1.003003.000.00.00.H29'];
const month = monthOf(new Date());
const receivedAt = new Date(Date.now() - 3_600_000).toISOString();

let requests = 0;
const counting = () => {
  const ports = contributionPorts();
  const wrap = <F extends (...args: never[]) => Promise<unknown>>(f: F) => (async (...args: Parameters<F>) => {
    requests++;
    return f(...args);
  }) as F;
  return {
    ...ports,
    readDossier: wrap(ports.readDossier),
    readContribution: wrap(ports.readContribution),
    writeContribution: wrap(ports.writeContribution),
    applyBucketDelta: wrap(ports.applyBucketDelta),
    releaseBucketMarker: wrap(ports.releaseBucketMarker),
    putRisk: wrap(ports.putRisk),
    deleteRisk: wrap(ports.deleteRisk),
    clearPendingOperation: wrap(ports.clearPendingOperation),
    storeEventOnce: wrap(ports.storeEventOnce),
  };
};
const ports = counting();

async function store1(code: string, version: number, unit: number, extra: Record<string, unknown> = {}) {
  const snapshot = snapshotFor(code, DossierSnapshotInput.parse(sampleDossier({
    version,
    handlingUnit: { code: `H29.BENCH.${unit}`, name: `Phường ${unit}` },
    procedure: { code: procedures[version % procedures.length]!, name: 'x', field: { code: 'X', name: 'x' } },
    receivedAt,
    submittedAt: receivedAt,
    dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    ...extra,
  })));
  await putSnapshotIfNewer({ dossierCode: code, version, contentHash: contentHashOfJson(JSON.stringify(snapshot)), snapshot, storedAt: new Date().toISOString() });
}

async function measureUpdate(label: string, prepare: () => Promise<void>, code: string) {
  await prepare();
  requests = 0;
  const started = performance.now();
  const outcome = await refreshContribution(code, ports);
  return { case: label, requests, bucketWrites: outcome.bucketWrites, ms: Math.round((performance.now() - started) * 10) / 10 };
}

const costs = [
  await measureUpdate('first snapshot of a dossier', () => store1('COST-1', 1, 1), 'COST-1'),
  await measureUpdate('new version, same unit, counters move', () => store1('COST-1', 2, 1, { status: 'done', finishedAt: new Date().toISOString() }), 'COST-1'),
  await measureUpdate('resend (nothing changes)', async () => undefined, 'COST-1'),
  await measureUpdate('new version moving to another unit', () => store1('COST-1', 3, 2), 'COST-1'),
];

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function readLatencies(label: string) {
  const config = insightConfig().scorecard;
  const readPorts = { readCounterRows: store.readCounterRows, config };
  const cases: [string, () => Promise<unknown>][] = [
    ['city scorecard, month', () => cityScorecard(parsePeriod(month)!, readPorts)],
    ['unit scorecard, month', () => unitScorecard('H29.BENCH.3', parsePeriod(month)!, readPorts)],
    ['unit scorecard, year', () => unitScorecard('H29.BENCH.3', parsePeriod(month.slice(0, 4))!, readPorts)],
    ['by-unit table, month (20 units)', () => byUnitTable(parsePeriod(month)!, readPorts)],
    ['at-risk entries of one unit', () => store.readRisks('H29.BENCH.3', 1000)],
  ];
  const rows = [];
  for (const [name, read] of cases) {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await read();
      times.push(performance.now() - t);
    }
    rows.push({ dossiers: label, read: name, p50ms: Math.round(p50(times) * 10) / 10 });
  }
  return rows;
}

// 10,000 dossiers through the real updater (one snapshot each), 8 at a time.
const started = performance.now();
let next = 0;
const total10k = 10_000;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < total10k) {
    const i = next++;
    const code = `BENCH-${i}`;
    await store1(code, 1 + (i % 7), i % units, i % 10 === 0 ? { dueAt: new Date(Date.now() - 3_600_000).toISOString(), status: 'processing' } : {});
    await refreshContribution(code, ports);
  }
}));
const seedSeconds = (performance.now() - started) / 1000;
const reads10k = await readLatencies('10,000');

// Up to 100,000: the remaining 90,000 dossiers' sums added to the counter items directly.
const extraPerCell = Math.round(90_000 / (units * procedures.length));
for (let u = 0; u < units; u++) {
  for (const p of procedures) {
    const delta = { dossiers: extraPerCell, received: extraPerCell, onTime: Math.round(extraPerCell * 0.9), overdue: Math.round(extraPerCell * 0.1) };
    await store.applyBucketDelta({ pk: bucketKeys.unitProcedureMonth(`H29.BENCH.${u}`, month), sk: p, delta }, `bench-${u}-${p}`);
    await store.applyBucketDelta({ pk: bucketKeys.procedureMonth(month), sk: p, delta }, `bench-${u}-${p}`);
  }
  await store.applyBucketDelta({ pk: bucketKeys.unitMonth(month), sk: `H29.BENCH.${u}`, delta: { dossiers: extraPerCell * procedures.length } }, `bench-${u}`);
}
for (let i = 0; i < 9_000; i++) {
  const u = i % units;
  await store.putRisk({ unitKey: `H29.BENCH.${u}`, dossierCode: `SYNTH-${i}`, month, procedureCode: procedures[i % 7]!, reasons: ['overdue'], dueAt: null });
}
const reads100k = await readLatencies('100,000');

const results = { measuredAt: new Date().toISOString(), costs, seed10k: { dossiers: total10k, seconds: Math.round(seedSeconds), perSecond: Math.round(total10k / seedSeconds) }, reads: [...reads10k, ...reads100k] };
console.table(costs);
console.log(`10,000 dossiers through the updater in ${results.seed10k.seconds} s (${results.seed10k.perSecond}/s, embedded DynamoDB, one process)`);
console.table(results.reads);
mkdirSync(path.join('test', 'bench', 'results'), { recursive: true });
writeFileSync(path.join('test', 'bench', 'results', 'insight.json'), `${JSON.stringify(results, null, 2)}\n`);
await twin.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
