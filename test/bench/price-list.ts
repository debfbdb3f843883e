import { functionDefinitions } from '../../infra/topology/functions';
import type { FunctionKey } from '../../infra/topology/functions';
import { ledgerPartners } from '../../functions/core/ledger/ledger-record';
import type { DossierStep, RoundTripMeasurement } from './round-trips';

/*
 * The AWS price of a million dossiers, from what the round-trip run measured (counted calls,
 * request units, billed durations, log bytes) and list prices. No internet here: the unit prices
 * are AWS's published on-demand list prices for ap-southeast-1 (Singapore) as known on the date
 * below, and must be checked against https://aws.amazon.com/<service>/pricing/ before use. Free
 * tiers, taxes, data transfer and Savings Plans are left out on purpose (they depend on the
 * account, not on the gateway).
 */

export const priceSource = {
  region: 'ap-southeast-1',
  asOf: '2026-11 (list prices as last known; not fetched — check before use)',
} as const;

/** USD list prices, ap-southeast-1. Each carries its unit, so the printout can be checked line by line. */
export const unitPrices = {
  lambdaGbSecond: { usd: 0.0000166667, unit: 'GB-second (x86_64)' },
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'invocation ($0.20 per million)' },
  apiGatewayRestRequest: { usd: 4.25 / 1e6, unit: 'REST API request ($4.25 per million, first 333 million a month)' },
  sqsRequest: { usd: 0.4 / 1e6, unit: 'SQS standard request, per 64 KB chunk ($0.40 per million)' },
  dynamoWriteUnit: { usd: 0.7135 / 1e6, unit: 'DynamoDB on-demand write request unit ($0.7135 per million, after the Nov 2024 halving)' },
  dynamoReadUnit: { usd: 0.1427 / 1e6, unit: 'DynamoDB on-demand read request unit ($0.1427 per million)' },
  logIngestedGb: { usd: 0.7, unit: 'CloudWatch Logs GB ingested (standard class, $0.70)' },
  kmsAsymmetricSign: { usd: 0.15 / 1e4, unit: 'KMS asymmetric Sign request ($0.15 per 10,000, ECC keys)' },
  kmsKeyMonth: { usd: 1, unit: 'KMS customer-managed key per month' },
  s3Put: { usd: 0.005 / 1e3, unit: 'S3 PUT ($0.005 per 1,000)' },
} as const;

/** How many of each step one dossier takes (the issue's mix), with the steps' own knock-on effects. */
export const dossierMix: Readonly<Record<DossierStep, { count: number; why: string }>> = {
  create: { count: 1, why: 'the first PUT and the first portal sync it sets off' },
  'progress update': { count: 5, why: 'a PUT of a new version with one more step, and its update sync' },
  'portal callback': { count: 1, why: 'one portal callback stored, and its delivery to the city' },
  'citizen verification': { count: 1, why: 'one identity check against the population database' },
  'payment open': { count: 1, why: 'one payment opened (PayGov INIT)' },
  'payment paid': { count: 1, why: 'the confirmation, its overlay sync to the portal and payment.completed to the city' },
  get: { count: 0, why: 'reads are not in the issue’s mix' },
  authorizer: { count: 0, why: 'API Gateway caches the policy per key for 300 s: a few city keys cost ~9,000 invocations a month, not per dossier' },
};

/**
 * Assumptions beyond the measurement, printed with the list. Lambda writes START, END and REPORT
 * lines to every invocation's log stream (≈ 330 bytes together, with the request id); Lambda's
 * SQS pollers receive and delete each message (at worst one ReceiveMessage and one
 * DeleteMessageBatch per message; they batch up to 10 under load).
 */
const lambdaLogLinesBytes = 330;
const esmRequestsPerMessage = 2;
/**
 * Fixed monthly parts: each minute the sealer signs one head per ledger partner that has new
 * records (portal, identity, payment, city, operator: 5 at most, ECC_NIST_P256 in KMS) and writes
 * one anchor per head to S3. At a million dossiers a month every partner has records every minute.
 */
const sealsPerMonth = 60 * 24 * 30 * ledgerPartners.length;

export interface PriceLine {
  readonly item: string;
  readonly quantityPerDossier: number;
  readonly unit: string;
  readonly unitUsd: number;
  readonly usdPerMillionDossiers: number;
}

export interface FixedLine {
  readonly item: string;
  readonly perMonth: number;
  readonly unit: string;
  readonly unitUsd: number;
  readonly usdPerMonth: number;
}

export interface PriceList {
  readonly lines: readonly PriceLine[];
  readonly totalUsdPerMillion: number;
  readonly fixedMonthly: readonly FixedLine[];
  readonly fixedUsdPerMonth: number;
  readonly assumptions: readonly string[];
  readonly mix: string;
  /** The variable total split by the function whose work it is (API request, compute, invocations, its own calls, logs). */
  readonly byFunction: readonly { readonly function: FunctionKey; readonly usdPerMillion: number }[];
}

/** Functions whose invocations are API Gateway requests (route handlers; the authorizer is cached). */
const apiRoutes = new Set<FunctionKey>(['putDossier', 'getDossier', 'verifyCitizen', 'openPayment', 'getPayment', 'portalCallback', 'paymentConfirmation', 'getDelivery']);

export function priceList(measured: RoundTripMeasurement): PriceList {
  let gbSeconds = 0;
  let invocations = 0;
  let apiRequests = 0;
  let sqsRequests = 0;
  let esmRequests = 0;
  let readUnits = 0;
  let writeUnits = 0;
  let logBytes = 0;
  const perFunction = new Map<FunctionKey, number>();
  for (const window of measured.windows) {
    const times = dossierMix[window.step].count;
    if (times === 0) continue;
    for (const f of window.functions) {
      const memoryGb = functionDefinitions[f.function].memoryMb / 1024;
      gbSeconds += times * (f.billedMs / 1000) * memoryGb;
      invocations += times * f.invocations;
      if (apiRoutes.has(f.function)) apiRequests += times * f.invocations;
      sqsRequests += times * f.sqsBilledRequests;
      esmRequests += times * esmRequestsPerMessage * sentToTriggeredQueues(f);
      readUnits += times * f.readUnits;
      writeUnits += times * f.writeUnits;
      logBytes += times * (f.logBytes + f.invocations * lambdaLogLinesBytes);
      const usd =
        times *
        ((f.billedMs / 1000) * memoryGb * unitPrices.lambdaGbSecond.usd +
          f.invocations * unitPrices.lambdaRequest.usd +
          (apiRoutes.has(f.function) ? f.invocations * unitPrices.apiGatewayRestRequest.usd : 0) +
          (f.sqsBilledRequests + esmRequestsPerMessage * sentToTriggeredQueues(f)) * unitPrices.sqsRequest.usd +
          f.writeUnits * unitPrices.dynamoWriteUnit.usd +
          f.readUnits * unitPrices.dynamoReadUnit.usd +
          ((f.logBytes + f.invocations * lambdaLogLinesBytes) / 1e9) * unitPrices.logIngestedGb.usd);
      perFunction.set(f.function, (perFunction.get(f.function) ?? 0) + usd * 1e6);
    }
  }
  const line = (item: string, quantityPerDossier: number, price: { usd: number; unit: string }): PriceLine => ({
    item,
    quantityPerDossier,
    unit: price.unit,
    unitUsd: price.usd,
    usdPerMillionDossiers: quantityPerDossier * price.usd * 1e6,
  });
  const lines = [
    line('Lambda compute (measured billed ms × memory setting)', gbSeconds, unitPrices.lambdaGbSecond),
    line('Lambda invocations', invocations, unitPrices.lambdaRequest),
    line('API Gateway REST requests', apiRequests, unitPrices.apiGatewayRestRequest),
    line('SQS requests sent by the functions (counted)', sqsRequests, unitPrices.sqsRequest),
    line(`SQS receive + delete by Lambda's pollers (${esmRequestsPerMessage} per message, assumed)`, esmRequests, unitPrices.sqsRequest),
    line('DynamoDB write request units (counted, item sizes by dynalite)', writeUnits, unitPrices.dynamoWriteUnit),
    line('DynamoDB read request units (counted)', readUnits, unitPrices.dynamoReadUnit),
    line(`CloudWatch Logs ingestion (measured bytes + ${lambdaLogLinesBytes} B of Lambda lines per invocation)`, logBytes / 1e9, unitPrices.logIngestedGb),
  ];
  const fixed = (item: string, perMonth: number, price: { usd: number; unit: string }): FixedLine => ({ item, perMonth, unit: price.unit, unitUsd: price.usd, usdPerMonth: perMonth * price.usd });
  const fixedMonthly = [
    fixed(`KMS signatures (ledger sealer: a head a minute for each of ${ledgerPartners.length} partners)`, sealsPerMonth, unitPrices.kmsAsymmetricSign),
    fixed('KMS signing key (ECC_NIST_P256)', 1, unitPrices.kmsKeyMonth),
    fixed('S3 anchors (one object per sealed head, Object Lock)', sealsPerMonth, unitPrices.s3Put),
  ];
  const mix = (Object.entries(dossierMix) as [DossierStep, { count: number; why: string }][])
    .filter(([, m]) => m.count > 0)
    .map(([step, m]) => `${m.count} × ${step} (${m.why})`)
    .join('; ');
  return {
    lines,
    totalUsdPerMillion: lines.reduce((sum, l) => sum + l.usdPerMillionDossiers, 0),
    fixedMonthly,
    fixedUsdPerMonth: fixedMonthly.reduce((sum, l) => sum + l.usdPerMonth, 0),
    assumptions: [
      `Region ${priceSource.region}; unit prices: ${priceSource.asOf}. On-demand list prices in USD, no free tier, no tax, no data transfer (all traffic stays in the region or is small JSON).`,
      'Lambda durations are the twin’s (worker-thread containers against embedded DynamoDB/SQS and local simulators), rounded up per invocation to 1 ms as Lambda bills; real DynamoDB (~3–8 ms a call) and partners add waiting time, so treat compute as a lower bound and scale it by the real p50 durations once deployed.',
      'Memory settings from infra/topology/functions.ts (what the stack deploys); architecture x86_64.',
      'DynamoDB units as dynalite computes them (1 WRU per started KB of the larger of old and new item, 1 RRU per started 4 KB strongly consistent); global secondary index writes are not included (each index the item is in adds its own WRUs); storage ($0.285/GB-month) and PITR left out.',
      `SQS: every call the functions made, one request per started 64 KB; Lambda's pollers add receive/delete per message (${esmRequestsPerMessage} assumed) and idle long polls (a fixed ~5 pollers × 3 queues, not per dossier).`,
      'API Gateway: the authorizer is cached per key (300 s) and costs nothing per request; portal and payment callbacks are API requests too.',
      `CloudWatch Logs: the bytes each function wrote at production level (POWERTOOLS_LOG_LEVEL=INFO) plus ~${lambdaLogLinesBytes} B of START/END/REPORT lines per invocation; metrics (EMF) lines are part of the measured bytes; storage ($0.03/GB-month) left out.`,
      'KMS and S3 for the sealed ledger are fixed monthly costs (a seal a minute per partner whatever the volume), listed apart; the sealer’s own Lambda time and ledger reads, the schedules (sweepers, verifier, reconciler, partner recovery) and S3 storage are fixed too and not priced here.',
    ],
    mix,
    byFunction: [...perFunction].map(([fn, usdPerMillion]) => ({ function: fn, usdPerMillion })).sort((a, b) => b.usdPerMillion - a.usdPerMillion),
  };
}

/** Messages this function queued: every queue the functions send to has a Lambda consumer. */
function sentToTriggeredQueues(f: { sqsCalls: Record<string, number> }): number {
  return f.sqsCalls.SendMessage ?? 0;
}
