import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import catalogueData from '../../contracts/insight/procedure-catalogue.json' with { type: 'json' };
import { ProcedureCatalogue } from '../../contracts/insight/procedures';
import { defaultCalendar } from '../../functions/core/deadlines/default-calendar';
import { planMonth } from './seed-month';

/**
 * `npm run seed -- --days 30 --units 20`: puts a realistic month through the running twin via its
 * public API (PUT /v1/dossiers/{code}, each dossier's versions in order), then waits until the
 * scorecard has counted them. Reads the gateway URL and demo key from <data dir>/twin.json.
 */

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    units: { type: 'string', default: '20' },
    'per-day': { type: 'string', default: '6' },
    seed: { type: 'string', default: '766' },
    concurrency: { type: 'string', default: '8' },
    'data-dir': { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log('usage: npm run seed -- [--days 30] [--units 20] [--per-day 6] [--seed 766] [--concurrency 8] [--data-dir .lienthong | --url <gateway> --key <api key>]');
  process.exit(0);
}

const int = (name: string, value: string | undefined, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`--${name} must be a whole number from 0 to ${max}`);
  return n;
};

let gatewayUrl = values.url;
let apiKey = values.key;
if (!gatewayUrl || !apiKey) {
  const dataDir = path.resolve(values['data-dir'] ?? process.env.LIENTHONG_DATA_DIR ?? '.lienthong');
  try {
    const twin = JSON.parse(readFileSync(path.join(dataDir, 'twin.json'), 'utf8')) as { gatewayUrl: string; apiKey: string };
    gatewayUrl ??= twin.gatewayUrl;
    apiKey ??= twin.apiKey;
  } catch {
    console.error(`no running twin found (${path.join(dataDir, 'twin.json')} is missing): start it with npm start, or pass --url and --key`);
    process.exit(2);
  }
}

const plan = planMonth(
  {
    days: int('days', values.days, 366),
    units: int('units', values.units, 500),
    perUnitPerDay: int('per-day', values['per-day'], 200),
    seed: int('seed', values.seed, 2 ** 31),
    now: new Date(),
  },
  defaultCalendar(),
  ProcedureCatalogue.parse(catalogueData),
);
const snapshots = plan.reduce((n, d) => n + d.versions.length, 0);
console.log(`seeding ${plan.length} dossiers (${snapshots} snapshots) through ${gatewayUrl}`);

async function put(code: string, body: unknown): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${gatewayUrl}/v1/dossiers/${encodeURIComponent(code)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 202) return;
    if ((response.status === 503 || response.status === 429) && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? attempt)));
      continue;
    }
    throw new Error(`PUT ${code} → ${response.status}: ${text.slice(0, 300)}`);
  }
}

const started = Date.now();
let next = 0;
let done = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: int('concurrency', values.concurrency, 64) || 1 }, async () => {
    while (next < plan.length) {
      const dossier = plan[next++]!;
      try {
        for (const version of dossier.versions) await put(dossier.code, version);
      } catch (error) {
        failed++;
        if (failed <= 5) console.error((error as Error).message);
      }
      if (++done % 250 === 0) console.log(`  ${done}/${plan.length} dossiers`);
    }
  }),
);
const seconds = (Date.now() - started) / 1000;
console.log(`put ${done - failed} dossiers (${failed} failed) in ${seconds.toFixed(1)} s (${(snapshots / seconds).toFixed(0)} snapshots/s)`);

// The scorecard is kept by the insight worker behind a queue: wait until it has counted them.
const units = new Set(plan.map((d) => d.versions[0]!.handlingUnit.code));
const months = [...new Set(plan.map((d) => (d.versions.at(-1)!.receivedAt ?? d.versions.at(-1)!.submittedAt).slice(0, 7)))];
const expected = plan.length - failed;
const deadline = Date.now() + 120_000;
let counted = 0;
while (Date.now() < deadline) {
  counted = 0;
  for (const month of months) {
    const response = await fetch(`${gatewayUrl}/v1/insight/units?period=${month}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!response.ok) break;
    const body = (await response.json()) as { units: { unitKey: string; counters: { dossiers: number } }[] };
    counted += body.units.filter((u) => units.has(u.unitKey)).reduce((n, u) => n + u.counters.dossiers, 0);
  }
  if (counted >= expected) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
console.log(`scorecard counts ${counted} of ${expected} seeded dossiers${counted < expected ? ' (still catching up)' : ''}`);
console.log(`\n  curl -s '${gatewayUrl}/v1/insight/units' -H 'Authorization: Bearer ${apiKey}'`);
console.log(`  curl -s '${gatewayUrl}/v1/insight/units/${[...units][0]}/at-risk' -H 'Authorization: Bearer ${apiKey}'`);
process.exit(failed > 0 ? 1 : 0);
