import type { BudgetRow } from './report';
import type { PriceList } from './price-list';
import { priceSource } from './price-list';
import type { OperationCount, OperationName, RoundTripBench } from './round-trips';
import { roundTripBudget } from './round-trips';

/** The table's rows, the per-operation breakdown and the printed price list. */

const budgetOf: Partial<Record<OperationName, number>> = {
  'first portal sync': roundTripBudget.firstSync,
  'update portal sync': roundTripBudget.updateSync,
};

const shortTable = (name: string) => name.replace(/^lienthong-/, '');

function describe(o: OperationCount): string {
  const calls = Object.entries(o.dynamodbCalls)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  return `${o.dynamodb} DynamoDB${calls ? ` (${calls})` : ''} + ${o.sqs} SQS`;
}

/** Where a count's calls went, by table: the contributor when a budget is missed. */
function contributors(o: OperationCount): string {
  const tables = Object.entries(o.dynamodbTables)
    .map(([table, n]) => `${shortTable(table)} ${n}`)
    .join(', ');
  const cached = o.partnerHealthReads > 0 ? `; ${o.partnerHealthReads} partner-health read (cached per container, first call only)` : '';
  return `by table: ${tables || 'none'}${cached}`;
}

export function roundTripRows(bench: RoundTripBench): BudgetRow[] {
  const steady = new Map(bench.steady.operations.map((o) => [`${o.operation}/${o.function}`, o]));
  return bench.first.operations.map((o) => {
    const limit = budgetOf[o.operation];
    const warm = steady.get(`${o.operation}/${o.function}`);
    const warmNote = warm && warm.dynamodb !== o.dynamodb ? `warm container: ${warm.dynamodb} DynamoDB; ` : '';
    return {
      section: 'round trips',
      budget: `${o.operation} (${o.function}${o.invocations === 1 ? '' : ` × ${o.invocations}`})`,
      measured: describe(o),
      limit: limit === undefined ? '—' : `≤ ${limit} DynamoDB`,
      met: limit === undefined ? undefined : o.dynamodb <= limit,
      note: `${warmNote}${contributors(o)}`,
    };
  });
}

export function priceRow(list: PriceList): BudgetRow {
  return {
    section: 'price',
    budget: `AWS price per million dossiers (${priceSource.region})`,
    measured: `$${list.totalUsdPerMillion.toFixed(0)} (+ $${list.fixedUsdPerMonth.toFixed(2)} a month fixed)`,
    limit: 'printed with its assumptions',
    met: list.lines.every((l) => Number.isFinite(l.usdPerMillionDossiers)),
    note: 'see "Price per million dossiers" below',
  };
}

export function printRoundTrips(bench: RoundTripBench): void {
  console.log('\nRound trips per operation (counted at the wire, first dossier on fresh containers | second dossier warm):');
  const steady = new Map(bench.steady.operations.map((o) => [`${o.operation}/${o.function}`, o]));
  for (const o of bench.first.operations) {
    const warm = steady.get(`${o.operation}/${o.function}`);
    const warmText = warm ? `${warm.dynamodb} DynamoDB + ${warm.sqs} SQS` : 'not run warm';
    console.log(`  ${`${o.operation} (${o.function})`.padEnd(48)} ${describe(o).padEnd(72)} | ${warmText}; RRU ${o.readUnits}, WRU ${o.writeUnits}`);
  }
}

export function printPriceList(list: PriceList): void {
  const usd = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(4));
  console.log(`\nPrice per million dossiers, ${priceSource.region} (AWS list prices, ${priceSource.asOf})`);
  console.log(`  one dossier = ${list.mix}`);
  for (const l of list.lines) {
    console.log(`  ${l.item.padEnd(96)} ${l.quantityPerDossier.toPrecision(4).padStart(10)} per dossier × $${l.unitUsd.toExponential(4)} per ${l.unit}  = $${usd(l.usdPerMillionDossiers)}`);
  }
  console.log(`  ${'TOTAL per million dossiers'.padEnd(96)} $${usd(list.totalUsdPerMillion)}`);
  console.log(`  by function: ${list.byFunction.map((f) => `${f.function} $${usd(f.usdPerMillion)}`).join(', ')}`);
  console.log('  Fixed monthly, whatever the volume:');
  for (const l of list.fixedMonthly) {
    console.log(`  ${l.item.padEnd(96)} ${String(l.perMonth).padStart(10)} a month   × $${l.unitUsd.toExponential(4)} per ${l.unit}  = $${usd(l.usdPerMonth)}`);
  }
  console.log('  Assumptions:');
  for (const a of list.assumptions) console.log(`  - ${a}`);
}

/** "putDossier 1, portalSync 6, insightWorker 36 (84%)…": the DynamoDB calls a new-version upsert sets off, by function (warm run). */
export function dynamoCallsPerUpsert(bench: RoundTripBench): string | undefined {
  const window = bench.steady.windows.find((w) => w.step === 'progress update');
  if (!window) return undefined;
  const total = window.functions.reduce((n, f) => n + f.dynamodb, 0);
  return window.functions
    .filter((f) => f.dynamodb > 0)
    .sort((a, b) => b.dynamodb - a.dynamodb)
    .map((f) => `${f.function} ${f.dynamodb} (${Math.round((100 * f.dynamodb) / total)}%)`)
    .join(', ');
}
