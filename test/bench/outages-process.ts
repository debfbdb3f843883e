import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { defaultCityRetryScheduleSeconds } from '../../functions/adapters/city/city-config';
import type { GatedPartner, PartnerHealth } from '../../functions/core/partners/partner-health';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { startPrivateTwin } from './private-twin';
import type { QueueKey } from '../../infra/topology/resources';
import type { OutageResult } from './outages';
import { outageScale } from './outages';

/*
 * Partner outages on a private twin in its own process (started by outages.ts): for the portal
 * and for the city, outages of 1 minute, 1 hour and 1 day on a time-scaled schedule (outages.ts
 * documents the scale). Prints one line: `<marker><JSON>`.
 */

const marker = process.argv[2] ?? 'OUTAGES ';
const scaled = (productionSeconds: number) => Math.max(1, Math.round(productionSeconds / outageScale.factor));

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const { twin, dispose } = await startPrivateTwin('outages', {
  functionEnvironment: {
    // Retry schedules scaled like the outages (SQS delays are whole seconds: at least 1 s).
    PORTAL_SYNC_BACKOFF_BASE_SECONDS: String(scaled(5)),
    PORTAL_SYNC_BACKOFF_MAX_SECONDS: String(scaled(11 * 3600)),
    CITY_DELIVERY_RETRY_SCHEDULE: defaultCityRetryScheduleSeconds.map(scaled).join(','),
    // Recovery runs in real time, at the production defaults unless the bench is told otherwise.
    PARTNER_PROBE_INTERVAL_SECONDS: String(outageScale.probeIntervalSeconds),
    // The partners' quotas as the gateway is told them; the pace aims at its headroom share (80 %).
    PORTAL_QUOTA_PER_SECOND: String(outageScale.portalQuotaPerSecond),
    CITY_QUOTA_PER_SECOND: String(outageScale.cityQuotaPerSecond),
    // BENCH_OUTAGE_HEADROOM=1 paces at the quota itself (to measure what the headroom buys).
    ...(process.env.BENCH_OUTAGE_HEADROOM ? { PARTNER_PACE_HEADROOM: process.env.BENCH_OUTAGE_HEADROOM } : {}),
  },
});
const sims = twin.simulators as Record<string, string>;
const auth = { authorization: `Bearer ${twin.apiKey}`, 'content-type': 'application/json' };
const sqs = new SQSClient({ endpoint: twin.sqsEndpoint, region: twin.region });
const { readPartnerHealth } = await import('../../functions/adapters/partners/partner-health-store');
const { pendingDossiers } = await import('../../functions/adapters/portal/portal-pending-index');
const { parkedCityEvents } = await import('../../functions/adapters/events/parked-events');

interface Traffic {
  calls: number;
  served: number;
  throttled: number;
  lastServedAt: number;
}
const json = async <T>(url: string, init?: RequestInit) => (await (await fetch(url, init)).json()) as T;
const setFaults = (sim: string, knobs: Record<string, unknown>) =>
  fetch(`${sims[sim]}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) }).then((r) => r.arrayBuffer());
const traffic = (sim: string) => json<Traffic>(`${sims[sim]}/_inspect/traffic`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function queueDepth(queue: QueueKey, which: 'main' | 'deadLetter' = 'main'): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: twin.queueUrls[queue][which], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

let serial = 0;
/** One unit of work for the partner: a dossier update (portal) or a citizen's rating event (city). */
async function submitItem(partner: GatedPartner, items: string[]): Promise<void> {
  const id = `H29-BO-${++serial}`;
  if (partner === 'portal') {
    await fetch(`${twin.gatewayUrl}/v1/dossiers/${id}`, { method: 'PUT', headers: auth, body: JSON.stringify(sampleDossier({ version: 1, summary: id })) }).then((r) => r.arrayBuffer());
    items.push(id);
  } else {
    const sent = await json<{ webhookId: string }>(`${sims.portal}/_actions/rate`, { method: 'POST', body: JSON.stringify({ dossierCode: id, score: 4 }) });
    items.push(sent.webhookId);
  }
}

/** Items the partner does not hold yet. */
async function missing(partner: GatedPartner, items: readonly string[]): Promise<string[]> {
  if (partner === 'portal') {
    const pending = new Set<string>();
    for await (const page of pendingDossiers(new Date(Date.now() + 60_000).toISOString())) for (const d of page) pending.add(d.dossierCode);
    return items.filter((code) => pending.has(code));
  }
  const received = new Set((await json<{ deliveries: { id: string }[] }>(`${sims.city}/_inspect/deliveries`)).deliveries.map((d) => d.id));
  return items.filter((id) => !received.has(id));
}

async function parkedCount(partner: GatedPartner): Promise<number> {
  if (partner === 'portal') return 0;
  let n = 0;
  for await (const page of parkedCityEvents()) n += page.length;
  return n;
}

async function outage(partner: GatedPartner, label: string, productionSeconds: number): Promise<OutageResult> {
  const sim = partner === 'portal' ? 'portal' : 'city';
  const queue: QueueKey = partner === 'portal' ? 'portalSync' : 'cityDelivery';
  const outageMs = (productionSeconds / outageScale.factor) * 1000;
  const items: string[] = [];
  const before = await traffic(sim);
  const { probes: probesBefore = 0, writes: writesBefore = 0 } = await readPartnerHealth(partner);

  await setFaults(sim, { down: true, rateLimitPerSecond: partner === 'portal' ? outageScale.portalQuotaPerSecond : outageScale.cityQuotaPerSecond });
  const startedAt = Date.now();
  // A backlog waiting when the outage starts, then arrivals at a steady rate while it lasts.
  for (let i = 0; i < outageScale.backlogAtStart; i++) await submitItem(partner, items);
  // Snapshots of the partner's call count, to tell the calls that discovered the outage from the rest.
  const snapshots: { at: number; calls: number }[] = [];
  while (Date.now() - startedAt < outageMs) {
    const due = Math.floor(((Date.now() - startedAt) / 1000) * outageScale.arrivalsPerSecond);
    while (items.length - outageScale.backlogAtStart < due) await submitItem(partner, items);
    snapshots.push({ at: Date.now(), calls: (await traffic(sim)).calls - before.calls });
    await sleep(Math.min(100, Math.max(0, outageMs - (Date.now() - startedAt))));
  }
  const health: PartnerHealth = await readPartnerHealth(partner);
  const atRecovery = await traffic(sim);
  const probesDuringOutage = (health.probes ?? 0) - probesBefore;
  const callsDuringOutage = atRecovery.calls - before.calls;
  // Discovering: calls started before a container could know the partner was down, that is before
  // the record said so plus one cache lifetime (each container trusts its copy that long).
  const knownAt = health.state === 'down' && health.downSince ? Date.parse(health.downSince) + outageScale.healthCacheMs : Number.POSITIVE_INFINITY;
  const discoveryCalls = snapshots.find((s) => s.at >= knownAt)?.calls ?? callsDuringOutage;

  // Recovery: time to the first call the partner serves, and until nothing is left.
  await setFaults(sim, { down: false });
  const recoveredAt = Date.now();
  let drainStartSeconds: number | undefined;
  let drainedSeconds: number | undefined;
  const deadline = recoveredAt + outageScale.drainDeadlineSeconds * 1000;
  while (Date.now() < deadline) {
    const now = await traffic(sim);
    if (drainStartSeconds === undefined && now.served > atRecovery.served) drainStartSeconds = (now.lastServedAt - recoveredAt) / 1000;
    if ((await missing(partner, items)).length === 0 && (await queueDepth(queue)) === 0) {
      drainedSeconds = (Date.now() - recoveredAt) / 1000;
      break;
    }
    await sleep(50);
  }
  const after = await traffic(sim);
  const drain429sBy = partner === 'portal' ? await portal429sSince(recoveredAt) : undefined;
  const lost = (await missing(partner, items)).length;
  return {
    partner,
    outage: label,
    scaledOutageSeconds: outageMs / 1000,
    items: items.length,
    discoveryCalls,
    probesDuringOutage,
    callsDuringOutage,
    drainStartSeconds: drainStartSeconds ?? (drainedSeconds !== undefined ? 0 : undefined),
    drainedSeconds,
    drainCalls: after.calls - atRecovery.calls,
    drain429s: after.throttled - atRecovery.throttled,
    ...(drain429sBy ? { drain429sBy } : {}),
    lost,
    deadLettered: await queueDepth(queue, 'deadLetter'),
    stillParked: await parkedCount(partner),
    paceAfter: (await readPartnerHealth(partner)).pacePerSecond,
    sharedStateWrites: ((await readPartnerHealth(partner)).writes ?? 0) - writesBefore,
    callsTotal: after.calls - before.calls,
  };
}

/** The portal's refused calls since `since`, by service: which calls ran over the quota. */
async function portal429sSince(since: number): Promise<Record<string, number>> {
  const { calls } = await json<{ calls: { at: string; service: string; outcome: string }[] }>(`${sims.portal}/_inspect/calls`);
  const by: Record<string, number> = {};
  for (const c of calls) if (c.outcome === 'fault' && Date.parse(c.at) >= since) by[c.service] = (by[c.service] ?? 0) + 1;
  return by;
}

/**
 * The alternative the design rejected, measured on the same embedded DynamoDB: a token bucket in
 * one item that every call takes a token from (read, then a conditional write). `clients` workers
 * take tokens as fast as they can for `seconds`; reports takes per second and conditional-write
 * conflicts per take — the contention of a hot key that every call writes.
 */
async function tokenBucketContention(clients: number, seconds: number): Promise<{ takesPerSecond: number; conflictsPerTake: number; writesPerCall: number }> {
  const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
  const { GetCommand, PutCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  const TableName = 'lienthong-partner-health';
  const Key = { pk: 'BENCH#token-bucket', sk: 'BUCKET' };
  await documentClient().send(new PutCommand({ TableName, Item: { ...Key, tokens: 1_000_000, version: 0 } }));
  let takes = 0;
  let conflicts = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const { Item } = await documentClient().send(new GetCommand({ TableName, Key, ConsistentRead: true }));
        try {
          await documentClient().send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'SET #tokens = #tokens - :one, #version = #version + :one',
              ConditionExpression: '#version = :seen AND #tokens > :zero',
              ExpressionAttributeNames: { '#tokens': 'tokens', '#version': 'version' },
              ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':seen': Item?.version },
            }),
          );
          takes++;
        } catch {
          conflicts++;
        }
      }
    }),
  );
  return { takesPerSecond: takes / seconds, conflictsPerTake: conflicts / Math.max(1, takes), writesPerCall: (takes + conflicts) / Math.max(1, takes) };
}

try {
  const results: OutageResult[] = [];
  // BENCH_OUTAGE_CASES=portal:1m,city:1d runs some cases only (while working on one).
  const only = process.env.BENCH_OUTAGE_CASES?.split(',').map((c) => c.trim());
  const short = { '1 minute': '1m', '1 hour': '1h', '1 day': '1d' } as const;
  for (const partner of ['portal', 'city'] as const) {
    for (const [label, seconds] of [['1 minute', 60], ['1 hour', 3600], ['1 day', 86_400]] as const) {
      if (only && !only.includes(`${partner}:${short[label]}`)) continue;
      results.push(await outage(partner, label, seconds));
      await setFaults(partner === 'portal' ? 'portal' : 'city', { rateLimitPerSecond: 0 });
    }
  }
  const tokenBucket = await tokenBucketContention(10, 5);
  process.stdout.write(`${marker}${JSON.stringify({ results, tokenBucket })}\n`);
} finally {
  sqs.destroy();
  await dispose();
}
process.exit(0);
