import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { ledgerLateBoundSeconds } from '../../infra/topology/ledger-late-bound';
import { startPrivateTwin } from './private-twin';
import { percentile } from './stats';

/*
 * The ledger on a private twin in its own process (started by ledger.ts):
 * - append throughput and latency with 64 concurrent writers (each append one PutItem);
 * - sealing time for 10,000 records (one partner, one tree: read, hash, sign, anchor);
 * - `ledger verify` time for 100,000 sealed records (seeded by BatchWriteItem, sealed in trees of 10,000).
 * Prints one line: `<marker><JSON>`.
 */

const marker = process.argv[2] ?? 'LEDGER_BENCH ';
const writers = Number(process.env.BENCH_LEDGER_WRITERS ?? 64);
const appends = Number(process.env.BENCH_LEDGER_APPENDS ?? 6_400);
const sealRecords = Number(process.env.BENCH_LEDGER_SEAL_RECORDS ?? 10_000);
const verifyRecords = Number(process.env.BENCH_LEDGER_VERIFY_RECORDS ?? 100_000);

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const { twin, dispose } = await startPrivateTwin('ledger', { functionEnvironment: { LEDGER_SEAL_GRACE_SECONDS: '0' } });

try {
  const { appendLedger, ledgerItemKey, readLedgerRecords } = await import('../../functions/adapters/ledger/ledger-store');
  const { newLedgerRecord } = await import('../../functions/core/ledger/ledger-record');
  const { sealPartner } = await import('../../functions/core/ledger/ledger-sealer');
  const seal = await import('../../functions/adapters/ledger/ledger-seal-store');
  const { folderAnchorStore } = await import('../../functions/adapters/ledger/ledger-anchor-store');
  const { fileSigner } = await import('../../functions/adapters/ledger/ledger-signer');
  const { verifyLedger } = await import('../../functions/adapters/ledger/ledger-audit');
  const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
  const anchors = folderAnchorStore(twin.ledgerAnchorDir);
  const signer = fileSigner(process.env.LEDGER_SIGNING_KEY_FILE!);
  const sealOnce = (partner: 'portal' | 'identity' | 'payment' | 'city') =>
    sealPartner(partner, {
      readRecords: readLedgerRecords,
      readState: seal.readSealState,
      saveState: seal.saveSealState,
      putAnchor: anchors.putOnce,
      getAnchor: anchors.get,
      signer: async () => signer,
      now: () => new Date(),
      graceSeconds: 0,
    });
  const nextSecond = async () => {
    const target = Math.floor(Date.now() / 1000) * 1000 + 1005;
    while (Date.now() < target) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const entry = (partner: 'portal' | 'identity' | 'payment' | 'city', i: number) => ({
    partner,
    direction: 'outbound' as const,
    operation: 'bench',
    messageId: `bench-${i}`,
    requestHash: 'ef'.repeat(32),
    outcome: 'ok' as const,
    httpStatus: 200,
    durationMs: 12,
    at: new Date().toISOString(),
  });

  // 1. Appends: `writers` loops, each awaiting its own PutItem.
  const latencies: number[] = [];
  let next = 0;
  let lost = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < appends) {
        const i = next++;
        const t = performance.now();
        if (!(await appendLedger(entry('portal', i)))) lost++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const appendSeconds = (performance.now() - started) / 1000;

  // Baseline in the same run: bare PutItems of the same size (no condition, no index entry), the
  // embedded store's own ceiling on this machine right now.
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const baseline: number[] = [];
  let b0 = 0;
  const baselineStarted = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (b0 < appends) {
        const i = b0++;
        const t = performance.now();
        const { messageId: _m, ...item } = newLedgerRecord(entry('payment', i));
        await documentClient().send(new PutCommand({ TableName: process.env.LEDGER_TABLE!, Item: { pk: `BASELINE#${i % 16}`, sk: String(i), ...item } }));
        baseline.push(performance.now() - t);
      }
    }),
  );
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;
  await nextSecond();
  const stored = (await readLedgerRecords('portal', new Date(Date.now() - 3_600_000).toISOString(), new Date(Date.now() + 60_000).toISOString())).length;

  // Seeds records as the table holds them, 25 per BatchWriteItem, 8 batches in flight.
  async function seed(partner: 'identity' | 'city', count: number): Promise<void> {
    const items = Array.from({ length: count }, (_, i) => {
      const record = newLedgerRecord(entry(partner, i));
      return { ...ledgerItemKey(record), ...record };
    });
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    let b = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (b < batches.length) {
          let requests = batches[b++]!.map((Item) => ({ PutRequest: { Item } }));
          while (requests.length > 0) {
            const answer = await documentClient().send(new BatchWriteCommand({ RequestItems: { [process.env.LEDGER_TABLE!]: requests } }));
            requests = (answer.UnprocessedItems?.[process.env.LEDGER_TABLE!] ?? []) as typeof requests;
          }
        }
      }),
    );
  }

  // 2. Sealing one tree of `sealRecords`.
  await seed('identity', sealRecords);
  await nextSecond();
  const sealStarted = performance.now();
  const sealed = await sealOnce('identity');
  const sealSeconds = (performance.now() - sealStarted) / 1000;

  // 3. Verify `verifyRecords`, sealed in trees of at most `sealRecords`.
  for (let done = 0; done < verifyRecords; done += sealRecords) {
    await seed('city', Math.min(sealRecords, verifyRecords - done));
    await nextSecond();
    await sealOnce('city');
  }
  const verifyStarted = performance.now();
  const [report] = await verifyLedger({ partners: ['city'], publicKeyPem: readFileSync(twin.ledgerPublicKeyFile, 'utf8'), anchors, lateBoundSeconds: ledgerLateBoundSeconds() });
  const verifySeconds = (performance.now() - verifyStarted) / 1000;

  console.log(
    `${marker}${JSON.stringify({
      appends: {
        writers,
        appends,
        stored,
        lost,
        perSecond: appends / appendSeconds,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        baselinePerSecond: appends / baselineSeconds,
        baselineP99: percentile(baseline, 99),
      },
      seal: { records: sealed.sealed, seconds: sealSeconds },
      verify: { records: report!.sealedChecked, trees: report!.anchors, findings: report!.findings.length, seconds: verifySeconds },
    })}`,
  );
} finally {
  await dispose();
}
