import type { Scope } from './scopes';

/**
 * The route table: the one place that says which HTTP method and path reach which function and
 * what the caller must prove. CDK builds API Gateway resources from it, the local twin routes
 * with it, the authorizer derives its policy from it and the OpenAPI document is checked against it.
 * Plain data: the authorizer bundles it, so no schemas here.
 */

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** Function names are the keys of infra/topology/functions.ts; kept as strings to stay import-free. */
export type RouteAuth =
  | { readonly kind: 'apiKey'; readonly scopes: readonly Scope[] }
  /** Verified by the function itself over the raw body (Standard Webhooks, provider MACs). */
  | { readonly kind: 'signature'; readonly scheme: 'standard-webhooks' | 'paygov-mac' | 'vnpay-hmac' | 'momo-hmac' }
  | { readonly kind: 'none' };

export interface Route {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway resource path syntax: `{name}` is one path segment. */
  readonly path: string;
  readonly function: string;
  readonly auth: RouteAuth;
  readonly summary: string;
}

export const routes = [
  {
    operationId: 'putDossier',
    method: 'PUT',
    path: '/v1/dossiers/{code}',
    function: 'putDossier',
    auth: { kind: 'apiKey', scopes: ['dossiers:write'] },
    summary: 'Upsert a dossier snapshot; a higher version replaces the stored one and is queued for the portal.',
  },
  {
    operationId: 'getDossier',
    method: 'GET',
    path: '/v1/dossiers/{code}',
    function: 'getDossier',
    auth: { kind: 'apiKey', scopes: ['dossiers:read'] },
    summary: 'Read the stored snapshot and its sync state with each partner.',
  },
  {
    operationId: 'postCitizenVerification',
    method: 'POST',
    path: '/v1/citizens/verifications',
    function: 'verifyCitizen',
    auth: { kind: 'apiKey', scopes: ['identity:verify'] },
    summary: "Confirm an applicant's ID number, name and date of birth against the population database (match flags, never the record).",
  },
  {
    operationId: 'postPayment',
    method: 'POST',
    path: '/v1/payments',
    function: 'openPayment',
    auth: { kind: 'apiKey', scopes: ['payments:write'] },
    summary: "Open a payment of a dossier's fees on the national payment platform; answers the URL to send the payer to.",
  },
  {
    operationId: 'getPayment',
    method: 'GET',
    path: '/v1/payments/{paymentId}',
    function: 'getPayment',
    auth: { kind: 'apiKey', scopes: ['payments:read'] },
    summary: 'The state of one payment.',
  },
  {
    operationId: 'postPaygovConfirmation',
    method: 'POST',
    path: '/v1/payments/callbacks/paygov',
    function: 'paymentConfirmation',
    auth: { kind: 'signature', scheme: 'paygov-mac' },
    summary: "PayGov's Confirm callback, answered in PayGov's reply format.",
  },
  {
    operationId: 'getVnpayIpn',
    method: 'GET',
    path: '/v1/payments/callbacks/vnpay',
    function: 'paymentConfirmation',
    auth: { kind: 'signature', scheme: 'vnpay-hmac' },
    summary: "VNPay's IPN (a signed GET), answered with VNPay's RspCode.",
  },
  {
    operationId: 'postMomoIpn',
    method: 'POST',
    path: '/v1/payments/callbacks/momo',
    function: 'paymentConfirmation',
    auth: { kind: 'signature', scheme: 'momo-hmac' },
    summary: "MoMo's IPN, answered 204.",
  },
  {
    operationId: 'postPortalCallback',
    method: 'POST',
    path: '/v1/portal/callbacks',
    function: 'portalCallback',
    auth: { kind: 'signature', scheme: 'standard-webhooks' },
    summary: 'Signed events from the national portal (online dossiers, withdrawals, supplements, ratings); stored, then delivered to the city.',
  },
  {
    operationId: 'getDelivery',
    method: 'GET',
    path: '/v1/deliveries/{eventId}',
    function: 'getDelivery',
    auth: { kind: 'apiKey', scopes: ['deliveries:read'] },
    summary: 'Every delivery attempt of one event to the city system.',
  },
  {
    operationId: 'getInsightScorecard',
    method: 'GET',
    path: '/v1/insight/scorecard',
    function: 'getInsight',
    auth: { kind: 'apiKey', scopes: ['insight:read'] },
    summary: 'The shadow Decision 766 scorecard of the city, a unit or a procedure for a month, quarter or year.',
  },
  {
    operationId: 'getInsightUnits',
    method: 'GET',
    path: '/v1/insight/units',
    function: 'getInsight',
    auth: { kind: 'apiKey', scopes: ['insight:read'] },
    summary: 'Every unit with its score and group scores for a period, lowest first (JSON or CSV).',
  },
  {
    operationId: 'getInsightTrend',
    method: 'GET',
    path: '/v1/insight/trend',
    function: 'getInsight',
    auth: { kind: 'apiKey', scopes: ['insight:read'] },
    summary: 'Monthly scores of the last twelve months, for the city or one unit.',
  },
  {
    operationId: 'getInsightAtRisk',
    method: 'GET',
    path: '/v1/insight/units/{unit}/at-risk',
    function: 'getInsight',
    auth: { kind: 'apiKey', scopes: ['insight:read'] },
    summary: "A unit's dossiers that cost or will cost points, and why, ordered by points at stake (JSON or CSV).",
  },
  {
    operationId: 'getInsightReconciliation',
    method: 'GET',
    path: '/v1/insight/reconciliation',
    function: 'getInsight',
    auth: { kind: 'apiKey', scopes: ['insight:read'] },
    summary: "Per unit, the shadow progress indicator against the portal's published one, with what explains the difference.",
  },
  {
    operationId: 'getInsightCalendar',
    method: 'GET',
    path: '/v1/insight/calendar',
    function: 'getInsight',
    auth: { kind: 'apiKey', scopes: ['insight:read'] },
    summary: 'The working-day calendar in use: years covered, provisional years and unconfirmed entries.',
  },
  {
    operationId: 'getOpsOverview',
    method: 'GET',
    path: '/v1/ops/overview',
    function: 'opsRead',
    auth: { kind: 'apiKey', scopes: ['ops:read'] },
    summary: 'Partner health (last success, error rates, latency, state), queue depths and ages, stuck counts with a 24 h trend.',
  },
  {
    operationId: 'getOpsStuck',
    method: 'GET',
    path: '/v1/ops/stuck',
    function: 'opsRead',
    auth: { kind: 'apiKey', scopes: ['ops:read'] },
    summary: 'Stuck work with its reason: lagging dossiers, undelivered events, payments, dead letters, divergences, ledger failures.',
  },
  {
    operationId: 'getOpsDossierTimeline',
    method: 'GET',
    path: '/v1/ops/dossiers/{code}/timeline',
    function: 'opsRead',
    auth: { kind: 'apiKey', scopes: ['ops:read'] },
    summary: "A dossier's timeline across partners: versions, portal attempts, steps, callbacks, deliveries, payments, with ledger record ids.",
  },
  {
    operationId: 'getOpsLedgerVerification',
    method: 'GET',
    path: '/v1/ops/ledger/verify',
    function: 'opsRead',
    auth: { kind: 'apiKey', scopes: ['ops:read'] },
    summary: 'Verifies the ledger for one UTC day (one partner or all) against its signed anchors, as `ops ledger verify` does: findings, records sealed late.',
  },
  {
    operationId: 'postOpsRedrive',
    method: 'POST',
    path: '/v1/ops/queues/{queue}/redrive',
    function: 'opsActions',
    auth: { kind: 'apiKey', scopes: ['ops:write'] },
    summary: "Moves dead-lettered messages back to the queue (all, by failure code, or by id) at a given rate; ledgered with the operator's key name.",
  },
  {
    operationId: 'postOpsResync',
    method: 'POST',
    path: '/v1/ops/resync',
    function: 'opsActions',
    auth: { kind: 'apiKey', scopes: ['ops:write'] },
    summary: 'Re-syncs dossiers with the portal now (by codes, unit, procedure, time range); a dry run shows the exact portal payload, masked.',
  },
  {
    operationId: 'postOpsRedeliver',
    method: 'POST',
    path: '/v1/ops/events/{eventId}/redeliver',
    function: 'opsActions',
    auth: { kind: 'apiKey', scopes: ['ops:write'] },
    summary: 'Queues an event for delivery to the city again: undelivered, dead-lettered, or delivered but lost by the city system.',
  },
  {
    operationId: 'postOpsVerify',
    method: 'POST',
    path: '/v1/ops/dossiers/{code}/verify',
    function: 'opsActions',
    auth: { kind: 'apiKey', scopes: ['ops:write'] },
    summary: "Compares the portal's copy of a dossier (TraCuuHoSo) with what it acknowledged, now; a repairable divergence reopens the sync.",
  },
  {
    operationId: 'postOpsDismiss',
    method: 'POST',
    path: '/v1/ops/dossiers/{code}/dismiss',
    function: 'opsActions',
    auth: { kind: 'apiKey', scopes: ['ops:write'] },
    summary: "Dismisses a divergence no re-sync can repair (an operator looked), with a reason: off the stuck list, still on the dossier's timeline.",
  },
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/v1/health',
    function: 'health',
    auth: { kind: 'none' },
    summary: 'Dependency-aware health: 200 when every check passes, 503 naming the failing checks.',
  },
  {
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/openapi.json',
    function: 'openapi',
    auth: { kind: 'none' },
    summary: 'This OpenAPI 3.1 document, generated from the zod contracts.',
  },
] as const satisfies readonly Route[];

/** Compiles `/v1/dossiers/{code}` into a matcher that returns the path parameters. */
export function compilePath(path: string): (candidate: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter?.[1]) {
        names.push(parameter[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');
    })
    .join('/');
  const regex = new RegExp(`^${pattern}$`);
  return (candidate) => {
    const match = regex.exec(candidate);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = safeDecode(match[i + 1] ?? '');
    });
    return params;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is passed on raw; the handler's validation rejects it with a 4xx.
    return segment;
  }
}
