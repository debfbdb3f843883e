import { parseArgs } from 'node:util';
import { startTestTwin } from '../support/twin-fixture';
import { call } from '../support/twin-fixture';
import { knownFindingOf } from './known-findings';
import { captureOutput, leakedCanaries } from './log-capture';
import { formatStatuses, prepareWorld, runFuzz, summariseViolations, undocumentedStatuses } from './runner';

/**
 * `npm run fuzz -- --seed N --budget S`: a long fuzz run against a fresh twin (in memory, free
 * ports). Prints the statuses per route and every violation class with a repro; `--case I`
 * replays one case of the seed and prints the answer. Exits 1 on any violation not yet known.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    budget: { type: 'string', default: '60' },
    requests: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    case: { type: 'string' },
    /** Seconds to wait, after the run, for the portal sync of the dossiers it stored. */
    settle: { type: 'string', default: '60' },
    'no-wire': { type: 'boolean', default: false },
    /** The sizes of the run inside `npm test`. */
    light: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const only = values.case === undefined ? undefined : Number(values.case);

const capture = captureOutput();
// The functions run in the twin's containers (worker threads) with their own environment; their
// stdout and stderr are piped into this process's streams, which the capture holds.
const fixture = await startTestTwin({ functionEnvironment: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } });
let exitCode = 0;
try {
  const world = await prepareWorld(fixture, values.light ? 'light' : 'heavy');
  const report = await runFuzz(world, fixture.twin.gatewayUrl, {
    seed,
    budgetMs: Number(values.budget) * 1000,
    requests: values.requests === undefined ? undefined : Number(values.requests),
    concurrency: Number(values.concurrency),
    wire: !values['no-wire'],
    only,
    settleMs: Number(values.settle) * 1000,
    nextSyncBatch: () => fixture.twin.nextBatchSettled('portalSync'),
    onProgress: (r) => capture.print(`… ${r.requests} requests, ${r.violations.length} violations\n`),
  });
  const health = await call(fixture.twin.gatewayUrl, 'GET', '/v1/health');
  const leaks = leakedCanaries(capture.text(), world.canaries);
  // A capture with no function log line in it would prove nothing about personal data.
  const functionLogLines = capture.text().split('\n').filter((line) => line.includes('"level"')).length;
  const undocumented = undocumentedStatuses(world, report);
  const lines = [
    `fuzz seed ${seed}: ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
    'statuses per route:',
    formatStatuses(report.statuses),
    '',
    'slowest generators (requests, mean ms):',
    ...[...report.timeByGenerator.entries()]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .slice(0, 8)
      .map(([family, t]) => `  ${family}: ${t.count}, ${(t.ms / t.count).toFixed(0)} ms`),
    '',
    `violations: ${report.violations.length}`,
    ...summariseViolations(report.violations).map((g) => {
      const known = knownFindingOf(g.example);
      return `  [${g.kind}] ×${g.count} ${g.route} — ${g.generator}${known ? ` (known: ${known.id}, fixed on branch ${known.fixedOn})` : ' (NEW)'}\n      ${g.example.detail}\n      repro: ${g.example.repro}`;
    }),
    '',
    'errors the twin logged (first lines of each distinct one):',
    ...twinErrors(capture.text()).map((e) => `  ${e}`),
    '',
    `dossiers accepted: ${report.acceptedDossiers}, still pending at the portal when the wait ended: ${report.unsettledDossiers}`,
    `statuses /openapi.json does not document: ${undocumented.length ? undocumented.join(', ') : 'none'}`,
    `personal data in logs: ${leaks.length ? leaks.join(', ') : 'none'} (${functionLogLines} function log lines captured)`,
    `GET /v1/health afterwards: ${health.status}`,
  ];
  // Replaying one case: its log lines are what the reader came for.
  if (only !== undefined) capture.print(`${capture.text()}\n`);
  capture.print(`${lines.join('\n')}\n`);
  if (report.violations.some((v) => !knownFindingOf(v)) || leaks.length || undocumented.length || functionLogLines === 0 || health.status !== 200) exitCode = 1;
} finally {
  await fixture.stop();
  capture.restore();
}
process.exit(exitCode);


/** The emulator's own error lines and the functions' ERROR log lines, deduplicated: the causes behind 5xx answers. */
function twinErrors(output: string): string[] {
  const found = new Map<string, number>();
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    let key: string | undefined;
    if (line.startsWith('[twin]')) key = `${line.slice(0, 160)} | ${(lines[i + 1] ?? '').trim().slice(0, 160)}`;
    else if (line.includes('"level":"ERROR"')) {
      const entry = JSON.parse(line) as { message?: string; error?: { name?: string; message?: string } };
      key = `${entry.message}: ${entry.error?.name ?? ''} ${(entry.error?.message ?? '').slice(0, 160)}`;
    }
    if (key) found.set(key, (found.get(key) ?? 0) + 1);
  });
  return [...found.entries()].sort(([, a], [, b]) => b - a).slice(0, 12).map(([key, count]) => `×${count} ${key}`);
}
