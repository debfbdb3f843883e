import { startPrivateTwin } from './private-twin';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { percentile, round } from './stats';

/*
 * The shadow scorecard's costs on a private twin's embedded DynamoDB, in its own process (started
 * by insight.ts). Prints one line: `<marker><JSON>` (an InsightMeasurement).
 * 1. Per snapshot update (new dossier, new version, resend, unit move), through the real
 *    contribution updater and adapters: DynamoDB round trips and bytes on the wire (counted by a
 *    middleware on the SDK client, so every request is seen) and wall time.
 * 2. Read latency of the scorecard routes' reads with 10,000 dossiers put through the updater,
 *    then with 100,000: the extra 90,000 are added to the counter items directly (the sums the
 *    updater would have written; reads touch counter items only, so their number is what
 *    matters) and one in ten gets an at-risk entry, as the updater would.
 */

const marker = process.argv[2] ?? 'INSIGHT_BENCH ';
const seeded = Number(process.env.BENCH_INSIGHT_DOSSIERS ?? 10_000);
const scaledTo = Number(process.env.BENCH_INSIGHT_SCALED_TO ?? 100_000);

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const { twin, dispose } = await startPrivateTwin('insight', { authorizerCacheSeconds: 0 });
process.env.PORTAL_SYNC_QUEUE_URL ??= twin.queueUrls.portalSync.main;

try {
  const { putSnapshotIfNewer } = await import('../../functions/adapters/dossier/dossier-store');
  const { contributionPorts } = await import('../../functions/adapters/insight/insight-ports');
  const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
  const store = await import('../../functions/adapters/insight/insight-store');
  const { refreshContribution } = await import('../../functions/core/insight/contribution-update');
  const { bucketKeys } = await import('../../functions/core/insight/buckets');
  const { parsePeriod, monthOf } = await import('../../functions/core/insight/periods');
  const { cityScorecard, unitScorecard, byUnitTable } = await import('../../functions/core/insight/scorecard-read');
  const { insightConfig } = await import('../../functions/config/insight-config');
  const { snapshotFor } = await import('../../functions/core/dossier/dossier-snapshot');
  const { contentHashOfJson } = await import('../../functions/core/content-hash');

  // Every DynamoDB request and the bytes each way, as the SDK sends and receives them.
  const wire = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  documentClient().middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      wire.requests++;
      const body = request.body;
      wire.bytesSent += typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : Number(request.headers?.['content-length'] ?? 0);
      const out = await next(args);
      const response = out.response as { headers?: Record<string, string> };
      wire.bytesReceived += Number(response.headers?.['content-length'] ?? 0);
      return out;
    },
    { step: 'finalizeRequest', name: 'insightBenchWire' },
  );

  const units = 20;
  const procedures = ['1.000494.000.00.00.H29', '1.001193.000.00.00.H29', '1.000656.000.00.00.H29', '2.000986.000.00.00.H29', '1.004227.000.00.00.H29', '2.001023.000.00.00.H29', '1.003003.000.00.00.H29'];
  const month = monthOf(new Date());
  const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
  const ports = contributionPorts();

  async function store1(code: string, version: number, unit: number, extra: Record<string, unknown> = {}) {
    const snapshot = snapshotFor(
      code,
      DossierSnapshotInput.parse(
        sampleDossier({
          version,
          handlingUnit: { code: `H29.BENCH.${unit}`, name: `Phường ${unit}` },
          procedure: { code: procedures[version % procedures.length]!, name: 'x', field: { code: 'X', name: 'x' } },
          receivedAt,
          submittedAt: receivedAt,
          dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
          ...extra,
        }),
      ),
    );
    await putSnapshotIfNewer({ dossierCode: code, version, contentHash: contentHashOfJson(JSON.stringify(snapshot)), snapshot, storedAt: new Date().toISOString() });
  }

  async function measureUpdate(label: string, prepare: () => Promise<void>, code: string) {
    await prepare();
    const before = { ...wire };
    const started = performance.now();
    const outcome = await refreshContribution(code, ports);
    return {
      case: label,
      requests: wire.requests - before.requests,
      bytesSent: wire.bytesSent - before.bytesSent,
      bytesReceived: wire.bytesReceived - before.bytesReceived,
      bucketWrites: outcome.bucketWrites,
      ms: round(performance.now() - started),
    };
  }

  // The freeze lookup is cached per month for a minute: warm it as a running worker would be.
  await store.frozenAt(month);
  const costs = [
    await measureUpdate('first snapshot of a dossier', () => store1('COST-1', 1, 1), 'COST-1'),
    await measureUpdate('new version, same unit, counters move', () => store1('COST-1', 2, 1, { status: 'done', finishedAt: new Date().toISOString() }), 'COST-1'),
    await measureUpdate('resend (nothing changes)', async () => undefined, 'COST-1'),
    await measureUpdate('new version moving to another unit', () => store1('COST-1', 3, 2), 'COST-1'),
  ];

  const readPorts = { readCounterRows: store.readCounterRows, config: insightConfig().scorecard, frozenAt: store.frozenAt, frozenPk: store.frozenPk, readAdjustments: store.readAdjustments };
  async function readLatencies(dossiers: number) {
    const cases: [string, () => Promise<unknown>][] = [
      ['city scorecard, month', () => cityScorecard(parsePeriod(month)!, readPorts)],
      ['unit scorecard, month', () => unitScorecard('H29.BENCH.3', parsePeriod(month)!, readPorts)],
      ['unit scorecard, year', () => unitScorecard('H29.BENCH.3', parsePeriod(month.slice(0, 4))!, readPorts)],
      [`by-unit table, month (${units} units)`, () => byUnitTable(parsePeriod(month)!, readPorts)],
      ['at-risk entries of one unit', () => store.readRisks('H29.BENCH.3', 1000)],
    ];
    const rows = [];
    for (const [read, run] of cases) {
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      rows.push({ dossiers, read, p50ms: round(percentile(times, 50)), p99ms: round(percentile(times, 99)) });
    }
    return rows;
  }

  // `seeded` dossiers through the real updater (one snapshot each), 8 at a time.
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < seeded) {
        const i = next++;
        const code = `BENCH-${i}`;
        await store1(code, 1 + (i % 7), i % units, i % 10 === 0 ? { dueAt: new Date(Date.now() - 3_600_000).toISOString(), status: 'processing' } : {});
        await refreshContribution(code, ports);
      }
    }),
  );
  const seedSeconds = (performance.now() - started) / 1000;
  const readsSeeded = await readLatencies(seeded);

  // Up to `scaledTo`: the remaining dossiers' sums added to the counter items directly.
  const extra = scaledTo - seeded;
  const extraPerCell = Math.round(extra / (units * procedures.length));
  for (let u = 0; u < units; u++) {
    for (const p of procedures) {
      const delta = { dossiers: extraPerCell, received: extraPerCell, onTime: Math.round(extraPerCell * 0.9), overdue: Math.round(extraPerCell * 0.1) };
      await store.applyBucketDelta({ pk: bucketKeys.unitProcedureMonth(`H29.BENCH.${u}`, month), sk: p, delta }, `bench-${u}-${p}`);
      await store.applyBucketDelta({ pk: bucketKeys.procedureMonth(month), sk: p, delta }, `bench-${u}-${p}`);
    }
    await store.applyBucketDelta({ pk: bucketKeys.unitMonth(month), sk: `H29.BENCH.${u}`, delta: { dossiers: extraPerCell * procedures.length } }, `bench-${u}`);
  }
  for (let i = 0; i < extra / 10; i++) {
    await store.writeSideItems({ riskPut: { unitKey: `H29.BENCH.${i % units}`, dossierCode: `SYNTH-${i}`, month, procedureCode: procedures[i % 7]!, reasons: ['overdue'], dueAt: null } });
  }
  const readsScaled = await readLatencies(scaledTo);
  const readGrowth = readsSeeded.map((r, i) => ({ read: r.read, p50Ratio: round(readsScaled[i]!.p50ms / Math.max(r.p50ms, 0.1), 2) }));

  const result = {
    costs,
    seed: { dossiers: seeded, seconds: round(seedSeconds), perSecond: Math.round(seeded / seedSeconds) },
    reads: [...readsSeeded, ...readsScaled],
    readGrowth,
  };
  process.stdout.write(`${marker}${JSON.stringify(result)}\n`);
} finally {
  await dispose();
}
process.exit(0);
