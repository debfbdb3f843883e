import type { OpsCommand, OpsCommandGroup } from './command';
import { apiOptions, gatewayApi } from './gateway-api';
import { age, percent, table } from './table';
import { UsageError } from './target';

/**
 * The operator commands over /v1/ops: the same reads and actions as the console. Tables by
 * default, `--json` prints the API's answer unchanged for scripts.
 */

type Values = Record<string, string | boolean | undefined>;
type Out = (line: string) => void;

function command(usage: string, summary: string, options: OpsCommand['options'], run: (values: Values, positionals: readonly string[], out: Out) => Promise<number>): OpsCommand {
  return { usage, summary, options: { ...apiOptions, ...options }, run: ({ values, positionals, out }) => run(values, positionals, out) };
}

const emit = (values: Values, out: Out, answer: unknown, render: () => string) => {
  out(values.json ? JSON.stringify(answer, null, 2) : render());
  return 0;
};

const health = command('health [--json]', 'partner health, queues and stuck counts', {}, async (values, _p, out) => {
  const answer = await gatewayApi(values).get('/v1/ops/overview');
  return emit(values, out, answer, () =>
    [
      table(
        ['partner', 'state', 'last success', 'errors 5m', 'errors 60m', 'calls 60m', 'p50 ms', 'p99 ms', 'top error', 'parked', 'pace/s'],
        answer.partners.map((p: any) => [p.partner, p.unknownReason ? `${p.state}: ${p.unknownReason}` : p.state, p.lastSuccessAt, percent(p.errorRate5m), percent(p.errorRate60m), p.calls60m, p.latencyP50Ms, p.latencyP99Ms, p.topErrors[0] ? `${p.topErrors[0].code} ×${p.topErrors[0].count}` : null, p.parked, p.pacePerSecond]),
      ),
      '',
      table(
        ['queue', 'depth', 'in flight', 'delayed', 'oldest work', 'DLQ', 'DLQ oldest'],
        answer.queues.map((q: any) => [q.queue, q.depth, q.inFlight, q.delayed, age(q.oldestAgeSeconds), q.deadLetterDepth, age(q.deadLetterOldestAgeSeconds)]),
      ),
      '',
      table(['stuck', 'count'], Object.entries(answer.stuck ?? {}).map(([k, v]) => [k, v ?? 'not tracked'])),
      // A part the gateway could not read is said, not left as an empty table.
      ...(answer.unavailable ?? []).map((gap: any) => `unavailable: ${gap.part} (${gap.source}: ${gap.errorCode})`),
    ].join('\n'),
  );
});

const stuck = command(
  'stuck [--kind dossiers|events|payments|dead-letters|divergences|ledger-failures] [--older-than <minutes>] [--unit <code>] [--procedure <code>] [--error-code <code>] [--json]',
  'stuck work with its reason',
  { kind: { type: 'string' }, 'older-than': { type: 'string' }, unit: { type: 'string' }, procedure: { type: 'string' }, 'error-code': { type: 'string' }, limit: { type: 'string' } },
  async (values, _p, out) => {
    const query = new URLSearchParams();
    for (const [flag, param] of [['kind', 'kind'], ['older-than', 'olderThanMinutes'], ['unit', 'unit'], ['procedure', 'procedure'], ['error-code', 'errorCode'], ['limit', 'limit']] as const) {
      if (typeof values[flag] === 'string') query.set(param, values[flag] as string);
    }
    const answer = await gatewayApi(values).get(`/v1/ops/stuck${query.size ? `?${query}` : ''}`);
    return emit(values, out, answer, () => {
      const sections: string[] = [];
      if (answer.dossiers.length) sections.push(`dossiers (${answer.dossiers.length})\n` + table(['dossier', 'v', 'unit', 'lag', 'attempts', 'error', 'next attempt'], answer.dossiers.map((d: any) => [d.dossierCode, d.version, d.unitCode, age(d.lagSeconds), d.attempts, d.errorCode, d.nextAttemptAt])));
      if (answer.events.length) sections.push(`events (${answer.events.length})\n` + table(['event', 'type', 'dossier', 'status', 'attempts', 'received'], answer.events.map((e: any) => [e.eventId, e.type, e.dossierCode, e.status, e.attempts, e.receivedAt])));
      if (answer.payments.length) sections.push(`payments (${answer.payments.length})\n` + table(['payment', 'dossier', 'provider', 'status', 'reason', 'expires'], answer.payments.map((p: any) => [p.paymentId, p.dossierCode, p.provider, p.status, p.reason, p.expiresAt])));
      if (answer.divergences.length) sections.push(`divergences (${answer.divergences.length})\n` + table(['dossier', 'checked', 'fields', 'missing steps', 'duplicated steps', 'reopened'], answer.divergences.map((d: any) => [d.dossierCode, d.checkedAt, d.fields.join(' ') || null, d.missingSteps, d.duplicatedSteps, d.reopened ? 'yes' : 'no'])));
      if (answer.ledgerFailures.length) sections.push(`ledger write failures (${answer.ledgerFailures.length})\n` + table(['at', 'partner', 'operation', 'subject', 'exchange', 'error', 'lost record'], answer.ledgerFailures.map((f: any) => [f.at, f.partner, f.operation, f.subject, f.outcome, f.errorCode, f.recordId])));
      if (answer.deadLetters.length) sections.push(`dead letters (${answer.deadLetters.length})\n` + table(['queue', 'message', 'subject', 'failure', 'failed at'], answer.deadLetters.map((l: any) => [l.queue, l.messageId, l.subject, l.failureCode, l.failedAt])));
      return sections.length ? sections.join('\n\n') + (answer.truncated ? '\n(lists cut at --limit)' : '') : 'nothing stuck';
    });
  },
);

const timeline = command('timeline <dossierCode> [--json]', "a dossier's timeline across partners", {}, async (values, positionals, out) => {
  const code = positionals[0];
  if (!code) throw new UsageError('timeline needs a dossier code');
  const answer = await gatewayApi(values).get(`/v1/ops/dossiers/${encodeURIComponent(code)}/timeline`);
  return emit(values, out, answer, () =>
    `${answer.dossierCode} v${answer.version} ${answer.status} — portal ${answer.sync.state} (ack ${answer.sync.ackVersion ?? '–'}, ${answer.sync.attempts} attempts)\n` +
    (answer.ledgerUnavailable ? `the ledger could not be read (${answer.ledgerUnavailable}): its exchanges are missing below\n` : '') +
    '\n' +
    table(['at', 'kind', 'partner', 'outcome', 'http', 'error', 'ms', 'what', 'ledger record'], answer.entries.map((e: any) => [e.at, e.kind, e.partner, e.outcome, e.httpStatus, e.errorCode, e.durationMs, e.summary, e.ledgerRecordId])),
  );
});

const redrive = command(
  'redrive <portalSync|cityDelivery> [--reason <failureCode>] [--ids <id,id>] [--rate <per second>] [--max <n>] [--json]',
  'move dead letters back to their queue',
  { reason: { type: 'string' }, ids: { type: 'string' }, rate: { type: 'string' }, max: { type: 'string' } },
  async (values, positionals, out) => {
    const queue = positionals[0];
    if (!queue) throw new UsageError('redrive needs a queue: portalSync or cityDelivery');
    const body = {
      ...(values.reason ? { reason: values.reason } : {}),
      ...(values.ids ? { messageIds: String(values.ids).split(',').filter(Boolean) } : {}),
      ...(values.rate ? { ratePerSecond: Number(values.rate) } : {}),
      ...(values.max ? { max: Number(values.max) } : {}),
    };
    const answer = await gatewayApi(values).post(`/v1/ops/queues/${encodeURIComponent(queue)}/redrive`, body);
    return emit(values, out, answer, () => `moved ${answer.moved.length}, skipped ${answer.skipped}, remaining in DLQ ${answer.remaining} (ledger ${answer.ledgerRecordId ?? '–'})`);
  },
);

const resync = command(
  'resync [<code> ...] [--stuck [--error-code <code>]] [--unit <code>] [--procedure <code>] [--from <iso>] [--to <iso>] [--all] [--dry-run] [--max <n>] [--json]',
  're-sync dossiers with the portal now; --stuck: every dossier the stuck list shows (as the console\'s "re-sync every listed dossier"); --dry-run shows the portal payload (masked)',
  {
    stuck: { type: 'boolean' },
    'error-code': { type: 'string' },
    unit: { type: 'string' },
    procedure: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    all: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    max: { type: 'string' },
  },
  async (values, positionals, out) => {
    const api = gatewayApi(values);
    let codes = [...positionals];
    if (values.stuck) {
      if (codes.length) throw new UsageError('resync takes dossier codes or --stuck, not both');
      // The stuck list with the same filters, whatever their age: what an operator sees is what is re-synced.
      const query = new URLSearchParams({ kind: 'dossiers', olderThanMinutes: '0', limit: String(values.max ?? 500) });
      for (const [flag, param] of [['unit', 'unit'], ['procedure', 'procedure'], ['error-code', 'errorCode']] as const) {
        if (typeof values[flag] === 'string') query.set(param, values[flag] as string);
      }
      codes = ((await api.get(`/v1/ops/stuck?${query}`)).dossiers as { dossierCode: string }[]).map((d) => d.dossierCode);
      if (codes.length === 0) return emit(values, out, { dryRun: values['dry-run'] === true, selected: [], queued: [], notFound: [], previews: [], ledgerRecordId: null }, () => 'nothing stuck to re-sync');
    }
    const body = {
      ...(codes.length ? { codes } : {}),
      ...(values.unit && !values.stuck ? { unit: values.unit } : {}),
      ...(values.procedure && !values.stuck ? { procedure: values.procedure } : {}),
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(values.max ? { max: Number(values.max) } : {}),
      scope: values.all ? 'all' : 'lagging',
      dryRun: values['dry-run'] === true,
    };
    const answer = await api.post('/v1/ops/resync', body);
    return emit(values, out, answer, () =>
      [
        `${answer.dryRun ? 'would re-sync' : 're-synced'} ${answer.selected.length}: ${answer.selected.join(' ') || '–'}`,
        answer.notFound.length ? `not found: ${answer.notFound.join(' ')}` : '',
        ...answer.previews.map((p: any) => `\n${p.dossierCode} — portal payload (sha256 ${p.payloadSha256}, personal fields masked):\n${JSON.stringify(p.payload, null, 2)}`),
      ]
        .filter(Boolean)
        .join('\n'),
    );
  },
);

const redeliver = command('redeliver <eventId> [--json]', 'queue an undelivered event for the city again', {}, async (values, positionals, out) => {
  const eventId = positionals[0];
  if (!eventId) throw new UsageError('redeliver needs an event id');
  const answer = await gatewayApi(values).post(`/v1/ops/events/${encodeURIComponent(eventId)}/redeliver`);
  return emit(values, out, answer, () => `event ${answer.eventId} (${answer.previousStatus}) queued again (ledger ${answer.ledgerRecordId ?? '–'})`);
});

const verify = command('verify <dossierCode> [--json]', "compare the portal's copy with what it acknowledged, now", {}, async (values, positionals, out) => {
  const code = positionals[0];
  if (!code) throw new UsageError('verify needs a dossier code');
  const answer = await gatewayApi(values).post(`/v1/ops/dossiers/${encodeURIComponent(code)}/verify`);
  return emit(values, out, answer, () =>
    `${answer.dossierCode}: ${answer.outcome}${answer.reopened ? ' (reopened: the dossier is pushed again)' : ''}` +
    (answer.divergence ? `\nfields: ${answer.divergence.fields.join(' ') || '–'}; missing steps ${answer.divergence.missingSteps}; duplicated steps ${answer.divergence.duplicatedSteps}` : ''),
  );
});

const dismiss = command(
  'dismiss <dossierCode> --reason <text> [--json]',
  "dismiss a divergence no re-sync can repair (off the stuck list, kept on the timeline); the reason is ledgered: no personal data",
  { reason: { type: 'string' } },
  async (values, positionals, out) => {
    const code = positionals[0];
    if (!code) throw new UsageError('dismiss needs a dossier code');
    if (typeof values.reason !== 'string' || !values.reason.trim()) throw new UsageError('dismiss needs --reason <text>: why the divergence can be left as it is');
    const answer = await gatewayApi(values).post(`/v1/ops/dossiers/${encodeURIComponent(code)}/dismiss`, { reason: values.reason });
    return emit(values, out, answer, () =>
      answer.dismissed
        ? `${answer.dossierCode}: divergence found ${answer.divergence.checkedAt ?? '–'} dismissed at ${answer.dismissedAt} (ledger ${answer.ledgerRecordId ?? '–'})`
        : `${answer.dossierCode}: no unrepairable divergence listed, nothing dismissed`,
    );
  },
);

/** Each a group of one command, so `npm run ops -- stuck --kind dossiers` reads naturally. */
export const gatewayCommandGroups: Readonly<Record<string, OpsCommandGroup & { readonly single: OpsCommand }>> = Object.fromEntries(
  Object.entries({ health, stuck, timeline, redrive, resync, redeliver, verify, dismiss }).map(([name, c]) => [name, { summary: c.summary, commands: { [name]: c }, single: c }]),
);
