import type { RoundTripCounts } from '../../infra/local/round-trip-counter';
import { countsBetween } from '../../infra/local/round-trip-counter';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { Twin } from '../../infra/local/twin';
import type { FunctionKey } from '../../infra/topology/functions';
import { functionDefinitions } from '../../infra/topology/functions';
import type { QueueKey } from '../../infra/topology/resources';
import { tables } from '../../infra/topology/resources';
import { call, eventually, queueDepth } from '../support/twin-fixture';
import { runBenchProcess } from './bench-process';

/**
 * DynamoDB and SQS round trips per operation, counted at the wire on a twin started with
 * `countRoundTrips` (infra/local/round-trip-counter.ts). Each operation runs alone and the twin
 * is let settle (every queue empty, no batch in flight) before the next, so each function's
 * calls in that window belong to that operation. The counts are deterministic: the same code
 * makes the same calls whatever the machine's load (test/bench/round-trips.test.ts asserts them).
 */

/** DESIGN §11: DynamoDB round trips of a first-time portal sync and of an update sync. */
export const roundTripBudget = { firstSync: 8, updateSync: 6 } as const;

/**
 * The twin's settings for a count that does not depend on timing: the partner-health read is
 * cached for a minute (production: 1 s), so each container reads it once, on its first gated
 * call — the count does not vary with how long a step took. Production may read it once a second
 * per container; under load that is shared by every call in the second.
 */
export const countingTwinEnvironment = { PARTNER_HEALTH_CACHE_MS: '60000' } as const;

/** Runs round-trips-process.ts in its own process and reads its one result line. */
export async function measureRoundTrips(): Promise<RoundTripBench> {
  return runBenchProcess<RoundTripBench>('test/bench/round-trips-process.ts', 'round trips');
}

export type OperationName =
  | 'put (new dossier)'
  | 'put (new version)'
  | 'get'
  | 'first portal sync'
  | 'update portal sync'
  | 'payment sync (overlay)'
  | 'portal callback intake'
  | 'city delivery'
  | 'citizen verification'
  | 'payment open'
  | 'payment confirmation'
  | 'authorizer (cache miss)'
  | 'insight (new dossier)'
  | 'insight (progress update)';

export interface OperationCount {
  readonly operation: OperationName;
  readonly function: FunctionKey;
  readonly invocations: number;
  readonly dynamodb: number;
  readonly sqs: number;
  /** Per API call name, e.g. { UpdateItem: 3, Query: 1 }. */
  readonly dynamodbCalls: Record<string, number>;
  readonly sqsCalls: Record<string, number>;
  /** DynamoDB calls per table (local table names). */
  readonly dynamodbTables: Record<string, number>;
  /** On-demand request units as dynalite computes them (item sizes; table only, no GSI writes). */
  readonly readUnits: number;
  readonly writeUnits: number;
  /** SQS requests are billed per 64 KB chunk of payload: the chunks these calls sent. */
  readonly sqsBilledRequests: number;
  /**
   * Reads of the partner-health table: cached per container (PARTNER_HEALTH_CACHE_MS, 1 s), so
   * under load they are shared by every call in that second; counted, but shown apart from the
   * per-dossier budget.
   */
  readonly partnerHealthReads: number;
  /** Lambda's billed duration of these invocations in the twin (ms, each rounded up) and what they logged. */
  readonly billedMs: number;
  readonly logBytes: number;
}

/** Functions the harness calls to wait for a step's effects. */
const harnessPolls: readonly FunctionKey[] = ['getDossier', 'getPayment', 'getDelivery'];
const readOperations = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const partnerHealthTable = tables.partnerHealth.localName;

type Counts = { dynamodb: RoundTripCounts; sqs: RoundTripCounts };

type PoolMeters = Partial<Record<FunctionKey, { invocations: number; billedMs: number; logBytes: number }>>;

function metersOf(twin: Twin): PoolMeters {
  return Object.fromEntries(
    Object.entries(twin.runtime.stats()).map(([key, pool]) => [key, { invocations: pool?.invocations ?? 0, billedMs: pool?.billedMs ?? 0, logBytes: pool?.logBytes ?? 0 }]),
  );
}

/** Every queue empty and no batch in flight, twice in a row: nothing the operation set off is still running. */
async function settle(twin: Twin): Promise<void> {
  const workers = (Object.entries(functionDefinitions) as [FunctionKey, (typeof functionDefinitions)[FunctionKey]][]).filter(([, d]) => d.queueTrigger);
  let quiet = 0;
  await eventually(
    async () => {
      let busy = 0;
      for (const [key, definition] of workers) {
        const depth = await queueDepth(twin, definition.queueTrigger!.queue as QueueKey);
        busy += depth.waiting + depth.inFlight + twin.batchesInFlight(key);
      }
      quiet = busy === 0 ? quiet + 1 : 0;
      if (quiet < 2) throw new Error('the twin has not settled');
    },
    30_000,
    100,
  );
}

/** Runs `act`, waits for `done` and for the twin to settle, and returns what each function did meanwhile. */
async function window(twin: Twin, act: () => Promise<void>, done: () => Promise<void>) {
  const counts = twin.roundTrips!;
  const before: Counts = counts();
  const metersBefore = metersOf(twin);
  await act();
  await done();
  await settle(twin);
  const after: Counts = counts();
  const metersAfter = metersOf(twin);
  const dynamodb = countsBetween(before.dynamodb, after.dynamodb);
  const sqs = countsBetween(before.sqs, after.sqs);
  const of = (operation: OperationName, fn: FunctionKey): OperationCount => {
    const dynamo = dynamodb[fn] ?? {};
    const queue = sqs[fn] ?? {};
    const calls = (tallies: typeof dynamo) => Object.fromEntries(Object.entries(tallies).map(([name, t]) => [name, t.calls]));
    const perTable = (tallies: typeof dynamo) => {
      const tablesCalled: Record<string, number> = {};
      for (const t of Object.values(tallies)) for (const [table, n] of Object.entries(t.byTable)) tablesCalled[table] = (tablesCalled[table] ?? 0) + n;
      return tablesCalled;
    };
    const sum = (tallies: typeof dynamo) => Object.values(tallies).reduce((n, t) => n + t.calls, 0);
    let readUnits = 0;
    let writeUnits = 0;
    let partnerHealthReads = 0;
    for (const [name, tally] of Object.entries(dynamo)) {
      if (readOperations.has(name)) readUnits += tally.capacityUnits;
      else writeUnits += tally.capacityUnits;
      partnerHealthReads += tally.byTable[partnerHealthTable] && readOperations.has(name) ? tally.byTable[partnerHealthTable] : 0;
    }
    const delta = (pick: 'invocations' | 'billedMs' | 'logBytes') => (metersAfter[fn]?.[pick] ?? 0) - (metersBefore[fn]?.[pick] ?? 0);
    return {
      operation,
      function: fn,
      invocations: delta('invocations'),
      dynamodb: sum(dynamo),
      sqs: sum(queue),
      dynamodbCalls: calls(dynamo),
      sqsCalls: calls(queue),
      dynamodbTables: perTable(dynamo),
      readUnits,
      writeUnits,
      sqsBilledRequests: Object.values(queue).reduce((n, t) => n + t.billedRequests, 0),
      partnerHealthReads,
      billedMs: delta('billedMs'),
      logBytes: delta('logBytes'),
    };
  };
  /** Every function that ran or called anything in the window (for the price list); `own`: polled functions that are the step itself. */
  const all = (own: ReadonlySet<FunctionKey> = new Set()): OperationCount[] => {
    const keys = new Set<string>([...Object.keys(dynamodb), ...Object.keys(sqs)]);
    for (const [key, meters] of Object.entries(metersAfter)) if ((meters?.invocations ?? 0) > (metersBefore[key as FunctionKey]?.invocations ?? 0)) keys.add(key);
    keys.delete('twin');
    // The harness's own waiting (GET polls until the acknowledgement) is not part of the step.
    for (const polled of harnessPolls) if (!own.has(polled)) keys.delete(polled);
    return [...keys].sort().map((key) => of('window' as OperationName, key as FunctionKey));
  };
  return Object.assign(of, { all });
}

/** One step of a dossier's life and everything it set off, function by function. */
export interface WindowCount {
  readonly step: DossierStep;
  readonly functions: readonly OperationCount[];
}

export type DossierStep = 'create' | 'progress update' | 'portal callback' | 'citizen verification' | 'payment open' | 'payment paid' | 'get' | 'authorizer';

export interface RoundTripMeasurement {
  readonly operations: readonly OperationCount[];
  readonly windows: readonly WindowCount[];
}

/**
 * Two dossiers' lives on one twin: the first meets every container cold (portal login, partner
 * health read), which is what the budgets are held to; the second runs warm, as a steady stream
 * of dossiers does, and is what the price list uses (durations without JIT warm-up).
 */
export interface RoundTripBench {
  readonly first: RoundTripMeasurement;
  readonly steady: RoundTripMeasurement;
}

/**
 * One dossier's life through every counted operation. `twin` must have been started with
 * `countRoundTrips: true`; `key` needs every dossier, payment and identity scope (the demo key).
 */
export async function countOperations(twin: Twin, key: string, code = `RT-${Date.now().toString(36).toUpperCase()}`): Promise<RoundTripMeasurement> {
  if (!twin.roundTrips) throw new Error('the twin was not started with countRoundTrips');
  const gateway = twin.gatewayUrl;
  const portal = twin.simulators.portal!;
  const paymentSim = twin.simulators.payment!;
  const identity = twin.simulators.identity!;
  const results: OperationCount[] = [];
  const windows: WindowCount[] = [];
  const view = async () => (await call(gateway, 'GET', `/v1/dossiers/${code}`, { key })).body;
  const acknowledged = (version: number, revision = 0) => () =>
    eventually(async () => {
      const sync = (await view()).sync.portal;
      if (sync.ackVersion !== version || sync.ackRevision !== revision) throw new Error(`not acknowledged yet: ${JSON.stringify(sync)}`);
    }, 30_000);
  const expectStatus = (status: number, answer: { status: number; text: string }, what: string) => {
    if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  };

  // The authorizer alone: the first request with a key misses API Gateway's policy cache.
  const first = await window(twin, async () => expectStatus(404, await call(gateway, 'GET', `/v1/dossiers/${code}`, { key }), 'GET before PUT'), async () => undefined);
  windows.push({ step: 'authorizer', functions: first.all() });
  results.push(first('authorizer (cache miss)', 'authorizer'));

  // A new dossier: the PUT, then its first sync (and the shadow scorecard's nudge).
  const created = await window(
    twin,
    async () => expectStatus(202, await call(gateway, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier() }), 'PUT v1'),
    acknowledged(1),
  );
  windows.push({ step: 'create', functions: created.all() });
  results.push(created('put (new dossier)', 'putDossier'), created('first portal sync', 'portalSync'), created('insight (new dossier)', 'insightWorker'));

  const read = await window(twin, async () => expectStatus(200, await call(gateway, 'GET', `/v1/dossiers/${code}`, { key }), 'GET'), async () => undefined);
  windows.push({ step: 'get', functions: read.all(new Set(['getDossier'])) });
  results.push(read('get', 'getDossier'));

  // A progress update: a new version with one more step and a new status.
  const history = [
    ...(sampleDossier().history ?? []),
    { id: 'step-2', actor: { name: 'Phạm Thị Hoa' }, at: '2026-11-22T09:00:00+07:00', action: 'Chuyển phòng Tư pháp', status: 'processing' as const },
  ];
  const updated = await window(
    twin,
    async () => expectStatus(202, await call(gateway, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier({ version: 2, status: 'processing', history }) }), 'PUT v2'),
    acknowledged(2),
  );
  windows.push({ step: 'progress update', functions: updated.all() });
  results.push(updated('put (new version)', 'putDossier'), updated('update portal sync', 'portalSync'), updated('insight (progress update)', 'insightWorker'));

  // The portal calls back (the citizen rates the dossier); the event reaches the city.
  const callback = await window(
    twin,
    async () => {
      const sent = await fetch(`${portal}/_actions/rate`, { method: 'POST', body: JSON.stringify({ dossierCode: code, score: 5 }) });
      const answer = (await sent.json()) as { status: number };
      if (answer.status !== 202) throw new Error(`the portal's callback was answered ${answer.status}`);
    },
    async () => undefined,
  );
  windows.push({ step: 'portal callback', functions: callback.all() });
  results.push(callback('portal callback intake', 'portalCallback'), callback('city delivery', 'cityDelivery'));

  const verification = await window(
    twin,
    async () => {
      const sample = (await (await fetch(`${identity}/_inspect/sample?count=1`)).json()) as { citizens: { personalId: string; fullName: string; dateOfBirth: string }[] };
      const c = sample.citizens[0]!;
      const answer = await call(gateway, 'POST', '/v1/citizens/verifications', {
        key,
        body: { purpose: { code: 'HT-KS', text: 'Đăng ký khai sinh' }, officerId: 'cb-079-001', personalId: c.personalId, fullName: c.fullName, dateOfBirth: c.dateOfBirth },
      });
      expectStatus(200, answer, 'verification');
    },
    async () => undefined,
  );
  windows.push({ step: 'citizen verification', functions: verification.all() });
  results.push(verification('citizen verification', 'verifyCitizen'));

  // A fee paid online: open, the citizen pays, the confirmation lands; the overlay reaches the portal.
  let paymentId = '';
  const opened = await window(
    twin,
    async () => {
      const answer = await call(gateway, 'POST', '/v1/payments', {
        key,
        body: { dossierCode: code, fees: [{ code: 'LPHT', name: 'Lệ phí hộ tịch', amount: 8000 }], payer: { name: 'Nguyễn Thị Minh Khai' }, returnUrl: 'https://dichvucong.hochiminhcity.gov.vn/ket-qua' },
      });
      expectStatus(201, answer, 'open payment');
      paymentId = answer.body.paymentId as string;
    },
    async () => undefined,
  );
  windows.push({ step: 'payment open', functions: opened.all() });
  results.push(opened('payment open', 'openPayment'));
  const paid = await window(
    twin,
    async () => {
      const answer = await fetch(`${paymentSim}/_actions/pay/${paymentId}`, { method: 'POST', body: JSON.stringify({ outcome: 'success' }) });
      if (!answer.ok) throw new Error(`the payment simulator answered ${answer.status}: ${await answer.text()}`);
    },
    async () => {
      await eventually(async () => {
        const status = (await call(gateway, 'GET', `/v1/payments/${paymentId}`, { key })).body.status;
        if (status !== 'PAID') throw new Error(`payment is ${status}`);
      }, 30_000);
      await acknowledged(2, 1)();
    },
  );
  windows.push({ step: 'payment paid', functions: paid.all() });
  results.push(paid('payment confirmation', 'paymentConfirmation'), paid('payment sync (overlay)', 'portalSync'), paid('city delivery', 'cityDelivery'));
  return { operations: results, windows };
}
