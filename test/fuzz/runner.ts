import * as fc from 'fast-check';
import { scopes } from '../../contracts/api/scopes';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { TwinFixture } from '../support/twin-fixture';
import { call } from '../support/twin-fixture';
import type { Violation, ViolationClass } from './invariants';
import { checkAnswer, outcomeOf } from './invariants';
import { operationsOf, routeKey } from './openapi-model';
import { knownFindingOf } from './known-findings';
import type { RawRequest, RawResponse } from './raw-http';
import { sendRaw } from './raw-http';
import type { Weight } from './hostile-values';
import type { FuzzCase, FuzzWorld } from './requests';
import { canaries, fuzzCases } from './requests';

/**
 * Runs fuzz cases against a running twin over HTTP and records, per route, every status it
 * answered and every violation of the invariants with a repro. Deterministic for a seed: the
 * cases are drawn batch by batch from fast-check with `seed + batch`.
 */
export interface FoundViolation extends Violation {
  readonly route: string;
  readonly generator: string;
  readonly caseIndex: number;
  readonly repro: string;
  readonly request: RawRequest;
  /** What answered: the problem type and title when there was a document, and whether it was a bare parser answer. */
  readonly response?: { readonly status: number; readonly type?: string; readonly title?: string; readonly bare: boolean };
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  /** route → status → count. */
  readonly statuses: Map<string, Map<number, number>>;
  /** route → how many answers accepted and refused what was sent (a provider's reply code for PayGov and VNPay, see outcomeOf). */
  readonly outcomes: Map<string, { accepted: number; refused: number }>;
  readonly violations: FoundViolation[];
  readonly durationMs: number;
  /** Dossiers answered 202 during the run, and how many were still pending at the portal when the wait ended. */
  acceptedDossiers: number;
  unsettledDossiers: number;
  /** Generator family → requests and milliseconds spent: where a run's time goes. */
  readonly timeByGenerator: Map<string, { count: number; ms: number }>;
}

export interface RunOptions {
  readonly seed: number;
  /** Stop after this many requests… */
  readonly requests?: number;
  /** …or after this long, whichever comes first. */
  readonly budgetMs?: number;
  readonly concurrency?: number;
  /** Include the requests Node's HTTP parser refuses (raw bad bytes in the head). */
  readonly wire?: boolean;
  /** Replay only this case index (`npm run fuzz -- --case N`). */
  readonly only?: number;
  readonly onProgress?: (report: FuzzReport) => void;
  /** How long to wait for the portal sync of the dossiers accepted during the run. */
  readonly settleMs?: number;
}

const batchSize = 100;

/** The statistics' key for requests refused by Node's HTTP parser, before any route. */
export const parserRoute = '(refused by the HTTP parser)';

/** Keys, dossiers, payments with each provider and a delivered event: ids the generators aim at. */
export async function prepareWorld(fixture: TwinFixture, weight: Weight): Promise<FuzzWorld> {
  const base = fixture.twin.gatewayUrl;
  const document = (await call(base, 'GET', '/openapi.json')).body;
  const all = await fixture.keyWith(...scopes);
  const none = await fixture.keyWith();
  const dossierCodes = ['H29-FUZZ-1', 'H29-FUZZ-2'];
  for (const code of dossierCodes) {
    const put = await call(base, 'PUT', `/v1/dossiers/${code}`, { key: all, body: sampleDossier() });
    if (put.status !== 202) throw new Error(`fuzz setup: PUT ${code} answered ${put.status}`);
  }
  const payments = { paygov: [] as string[], vnpay: [] as string[], momo: [] as string[] };
  for (const provider of ['paygov', 'vnpay', 'momo'] as const) {
    for (let i = 0; i < 2; i++) {
      const opened = await call(base, 'POST', '/v1/payments', {
        key: all,
        body: { dossierCode: dossierCodes[0], fees: [{ code: 'LPHT', name: 'Lệ phí', amount: 8000 }], payer: { name: canaries.fullName }, provider, returnUrl: 'https://example.gov.vn/r' },
      });
      if (opened.status !== 201) throw new Error(`fuzz setup: opening a ${provider} payment answered ${opened.status}`);
      payments[provider].push(opened.body.reference);
    }
  }
  const portal = fixture.twin.simulators.portal!;
  const sent = (await (await fetch(`${portal}/_actions/submit`, { method: 'POST', body: '{}' })).json()) as { webhookId: string };
  const env = (name: string) => JSON.parse(process.env[name] ?? 'null');
  return {
    document,
    operations: operationsOf(document),
    keys: { all, none },
    dossierCodes,
    payments,
    eventIds: [sent.webhookId],
    secrets: {
      portal: (env('PORTAL_CALLBACK_SECRETS') as string[])[0]!,
      paygov: env('PAYGOV_CREDENTIALS'),
      vnpay: env('VNPAY_CREDENTIALS'),
      momo: env('MOMO_CREDENTIALS'),
    },
    canaries,
    weight,
  };
}

export async function runFuzz(world: FuzzWorld, baseUrl: string, options: RunOptions): Promise<FuzzReport> {
  const { hostname, port } = new URL(baseUrl);
  const arbitrary = fuzzCases(world, { wire: options.wire });
  const started = Date.now();
  const report: FuzzReport & { requests: number } = { seed: options.seed, requests: 0, statuses: new Map(), outcomes: new Map(), violations: [], durationMs: 0, timeByGenerator: new Map(), acceptedDossiers: 0, unsettledDossiers: 0 };
  const maxRequests = options.requests ?? Number.POSITIVE_INFINITY;
  const deadline = options.budgetMs === undefined ? Number.POSITIVE_INFINITY : started + options.budgetMs;
  let nextIndex = options.only ?? 0;
  const lastIndex = options.only ?? Number.POSITIVE_INFINITY;
  const batches = new Map<number, FuzzCase[]>();
  const acceptedDossiers = new Set<string>();
  const caseAt = (index: number): FuzzCase => {
    const batch = Math.floor(index / batchSize);
    let cases = batches.get(batch);
    if (!cases) {
      cases = fc.sample(arbitrary, { seed: options.seed + batch, numRuns: batchSize });
      batches.clear();
      batches.set(batch, cases);
    }
    return cases[index % batchSize]!;
  };

  const worker = async () => {
    while (report.requests < maxRequests && Date.now() < deadline && nextIndex <= lastIndex) {
      const index = nextIndex++;
      const fuzzCase = caseAt(index);
      const request = fuzzCase.build();
      report.requests++;
      const sentAt = performance.now();
      const response = await sendRaw(hostname, Number(port), request);
      const family = familyOf(fuzzCase.generator);
      const time = report.timeByGenerator.get(family) ?? { count: 0, ms: 0 };
      time.count++;
      time.ms += performance.now() - sentAt;
      report.timeByGenerator.set(family, time);
      // Answers Node's HTTP parser gave before any route ran are counted apart: no route answered them.
      const answeredBy = answerSummary(response)?.bare && response.status >= 400 ? parserRoute : fuzzCase.route;
      const byStatus = report.statuses.get(answeredBy) ?? new Map<number, number>();
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      report.statuses.set(answeredBy, byStatus);
      const outcome = outcomeOf(fuzzCase.format, response);
      if (outcome) {
        const counts = report.outcomes.get(answeredBy) ?? { accepted: 0, refused: 0 };
        counts[outcome]++;
        report.outcomes.set(answeredBy, counts);
      }
      // What the gateway sees: the last x-request-id header (API Gateway's `headers` keeps the last of repeated ones), without HTTP's surrounding whitespace.
      const sentId = request.headers.findLast(([name]) => name.toLowerCase() === 'x-request-id')?.[1].replace(/^[ \t]+|[ \t]+$/g, '');
      const found = checkAnswer(fuzzCase.format, request.method, sentId, response);
      if (response.status >= 200 && response.status < 300 && fuzzCase.accepted) found.push(...(await checkAccepted(world, baseUrl, fuzzCase.accepted, acceptedDossiers)));
      for (const violation of found) {
        report.violations.push({ ...violation, route: fuzzCase.route, generator: fuzzCase.generator, caseIndex: index, request, response: answerSummary(response), repro: repro(request, response, options.seed, index) });
      }
      if (report.requests % 500 === 0) options.onProgress?.({ ...report, durationMs: Date.now() - started });
    }
  };
  await Promise.all(Array.from({ length: options.only === undefined ? (options.concurrency ?? 4) : 1 }, worker));
  const settled = await settledDossiers(world, baseUrl, acceptedDossiers, options.settleMs ?? 20_000);
  report.acceptedDossiers = acceptedDossiers.size;
  report.unsettledDossiers = settled.pending;
  for (const violation of settled.violations) {
    report.violations.push({ ...violation, route: 'PUT /v1/dossiers/{code}', generator: 'accepted dossier, synced later', caseIndex: -1, request: { method: 'GET', target: '', headers: [] }, repro: violation.detail });
  }
  return { ...report, durationMs: Date.now() - started };
}

/**
 * What a 2xx acknowledged must be usable by the later stages. A portal event answered 202 is
 * readable at once at GET /v1/deliveries/{id} (the id the portal will ask about); a dossier
 * answered 202 is checked once the portal sync has run (settledDossiers).
 */
async function checkAccepted(world: FuzzWorld, baseUrl: string, accepted: NonNullable<FuzzCase['accepted']>, dossiers: Set<string>): Promise<Violation[]> {
  if (accepted.kind === 'dossier') {
    dossiers.add(accepted.code);
    return [];
  }
  const view = await getWithKey(world, baseUrl, `/v1/deliveries/${encodeURIComponent(accepted.id)}`);
  return view.status === 200 ? [] : [{ kind: 'accepted-then-refused', detail: `portal event ${accepted.id.slice(0, 40)}… (${accepted.id.length} chars) answered 202, then GET /v1/deliveries/{id} answered ${view.status}` }];
}

/**
 * A follow-up read over its own connection, as the fuzz requests are: a pooled keep-alive socket
 * the server has just closed would fail the read for a reason that is not the gateway's.
 */
async function getWithKey(world: FuzzWorld, baseUrl: string, target: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(baseUrl);
  const response = await sendRaw(hostname, Number(port), { method: 'GET', target, headers: [['host', 'twin'], ['authorization', `Bearer ${world.keys.all}`]] });
  let body: any;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

/** Waits (bounded) for the portal sync of every accepted dossier; a permanent failure is a violation. */
async function settledDossiers(world: FuzzWorld, baseUrl: string, codes: ReadonlySet<string>, settleMs: number): Promise<{ violations: Violation[]; pending: number }> {
  const deadline = Date.now() + settleMs;
  let pending = [...codes];
  const violations: Violation[] = [];
  while (pending.length && Date.now() < deadline) {
    const still: string[] = [];
    for (const code of pending) {
      const view = await getWithKey(world, baseUrl, `/v1/dossiers/${encodeURIComponent(code)}`);
      const portal = view.body?.sync?.portal;
      if (view.status !== 200) violations.push({ kind: 'accepted-then-refused', detail: `dossier ${code} answered 202, then GET /v1/dossiers/${code} answered ${view.status}` });
      else if (portal?.state === 'failed') violations.push({ kind: 'accepted-then-refused', detail: `dossier ${code} answered 202, then the portal sync failed: ${JSON.stringify(portal.lastError).slice(0, 200)}` });
      else if (portal?.state === 'pending') still.push(code);
    }
    pending = still;
    if (pending.length) await new Promise((resolve) => setTimeout(resolve, 100)); // poll the sync state again
  }
  return { violations, pending: pending.length };
}

/** A one-line description of the request: enough to send it again by hand, plus the case to replay. */
export function repro(request: RawRequest, response: RawResponse, seed: number, index: number): string {
  const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
  const headers = request.headers
    .filter(([name]) => name !== 'host')
    .map(([name, value]) => `${name}: ${JSON.stringify(clip(Buffer.from(value, 'latin1').toString('utf8'), 80))}`)
    .join(', ');
  const body = request.body?.length ? ` body ${JSON.stringify(clip(request.body.toString('utf8'), 160))}` : '';
  return `${request.method} ${clip(Buffer.from(request.target, 'latin1').toString('utf8'), 160)} [${headers}]${body} → ${response.status || response.noAnswer} (npm run fuzz -- --seed ${seed} --case ${index})`;
}

/** Violations grouped by class, generator and route, with one repro each: what a reader acts on. */
export function summariseViolations(violations: readonly FoundViolation[]): Array<{ kind: ViolationClass; route: string; generator: string; count: number; example: FoundViolation }> {
  const groups = new Map<string, { kind: ViolationClass; route: string; generator: string; count: number; example: FoundViolation }>();
  for (const v of violations) {
    const family = familyOf(v.generator);
    const key = `${v.kind}|${v.route}|${family}`;
    const group = groups.get(key) ?? { kind: v.kind, route: v.route, generator: family, count: 0, example: v };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function formatStatuses(statuses: FuzzReport['statuses']): string {
  return [...statuses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, byStatus]) => `${route.padEnd(40)} ${[...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`)
    .join('\n');
}

/** A generator label with its numbers folded: `reference of 2048 chars` → `reference of N chars`. */
export const familyOf = (generator: string) => generator.replace(/\d+/g, 'N');

function answerSummary(response: RawResponse): FoundViolation['response'] {
  let document: { type?: unknown; title?: unknown } | undefined;
  try {
    document = JSON.parse(response.body.subarray(0, 4096).toString('utf8'));
  } catch {
    document = undefined;
  }
  return {
    status: response.status,
    type: typeof document?.type === 'string' ? document.type : undefined,
    title: typeof document?.title === 'string' ? document.title : undefined,
    // Node's own refusal of a request it could not parse: no content type, no request id.
    bare: !response.headers['content-type'] && !response.headers['x-request-id'],
  };
}

/** Each route's answered statuses that /openapi.json does not document for it (observed ⊆ documented). */
export function undocumentedStatuses(world: FuzzWorld, report: FuzzReport): string[] {
  const undocumented: string[] = [];
  for (const operation of world.operations) {
    const route = routeKey(operation.method, operation.path);
    for (const [status, count] of report.statuses.get(route) ?? []) {
      // A 5xx that is a known finding (a crash a branch in progress fixes) is not a status to document.
      const knownCrashes = report.violations.filter((v) => v.route === route && v.kind === '5xx' && v.response?.status === status && knownFindingOf(v)).length;
      if (knownCrashes === count) continue;
      if (!operation.documentedStatuses.has(status)) undocumented.push(`${route} answered ${status} (×${count})`);
    }
  }
  return undocumented;
}
