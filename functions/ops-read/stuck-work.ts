import type { StuckCounts, StuckQuery, StuckWork } from '../../contracts/api/ops';
import { opsQueues } from '../../contracts/api/ops';
import { readLedgerFailures } from '../adapters/ledger/ledger-failure-store';
import { laggingDossiers, paymentsNeedingReview, undeliveredEvents, unrepairedDivergences } from '../adapters/ops/ops-store';
import { peekDeadLetters, queueCounts } from '../adapters/ops/queue-operations';
import { readPartnerHealth } from '../adapters/partners/partner-health-store';
import { boundedReason, matchesDossierFilters, paymentReason, subjectOf } from '../core/ops/stuck';

/**
 * Ledger failures are listed for a week whatever the age filter: each is a missing piece of
 * evidence to look at (and the exchange to re-check), not work that catches up by itself.
 */
const ledgerFailureWindowMs = 7 * 24 * 3600_000;

/** The reason shown for a dossier held back while the portal is marked down. */
export const parkedCode = 'portal-parked';

/** The stuck-work lists: each from its store's sparse index or queue, filtered as the operator asked. */
export async function stuckWork(query: StuckQuery, now = new Date()): Promise<StuckWork> {
  const olderThan = new Date(now.getTime() - query.olderThanMinutes * 60_000).toISOString();
  const wants = (kind: NonNullable<StuckQuery['kind']>) => query.kind === undefined || query.kind === kind;
  let truncated = false;
  // While recovery holds the portal's work back, a dossier that never got an attempt is waiting for that.
  const portalParked = wants('dossiers') && (await readPartnerHealth('portal')).state === 'down';

  // Stuck: lagging longer than the threshold, or already failed once (an outage shows at once).
  const dossiers = wants('dossiers')
    ? await laggingDossiers(
        now.toISOString(),
        query.limit,
        (d) =>
          (d.sync?.lastError !== undefined || portalParked || d.pendingSince < olderThan) &&
          matchesDossierFilters(query, { unitCode: d.unitCode, procedureCode: d.procedureCode, errorCode: d.sync?.lastError?.code ?? (portalParked ? parkedCode : undefined) }),
      )
    : { items: [], truncated: false };
  truncated ||= dossiers.truncated;

  const events = wants('events')
    ? await undeliveredEvents(query.limit, (e) => (e.deliveryAttempts ?? 0) > 0 || e.receivedAt < olderThan)
    : { items: [], truncated: false };
  truncated ||= events.truncated;

  const payments = wants('payments') ? await paymentsNeedingReview(olderThan, query.limit) : { pending: [], withExceptions: [], truncated: false };
  truncated ||= payments.truncated;
  const reviewed = new Map([...payments.pending, ...payments.withExceptions].map((p) => [p.reference, p]));

  // Divergences the verifier reopened are lagging dossiers (pushed again); the ones no re-sync can
  // repair wait in their own index partition until an operator has looked.
  const reopenedDivergences = !wants('divergences')
    ? []
    : (query.kind === 'divergences' ? (await laggingDossiers(now.toISOString(), 10_000, (d) => d.sync?.verification?.outcome === 'diverged')).items : dossiers.items)
        .filter((d) => d.sync?.verification?.outcome === 'diverged')
        .map((d) => ({ ...d.sync!, dossierCode: d.dossierCode, reopened: true }));
  const unrepaired = wants('divergences') ? await unrepairedDivergences(query.limit) : { items: [], truncated: false };
  truncated ||= unrepaired.truncated;
  const reopenedCodes = new Set(reopenedDivergences.map((d) => d.dossierCode));
  const divergences = [...reopenedDivergences, ...unrepaired.items.filter((d) => !reopenedCodes.has(d.dossierCode)).map((d) => ({ ...d, reopened: false }))].slice(0, query.limit);

  const ledgerFailures = wants('ledger-failures')
    ? await readLedgerFailures(new Date(now.getTime() - ledgerFailureWindowMs), now, query.limit, (f) => !query.errorCode || f.errorCode === query.errorCode)
    : { items: [], truncated: false };
  truncated ||= ledgerFailures.truncated;

  const deadLetters = wants('dead-letters')
    ? (await Promise.all(opsQueues.map(async (queue) => (await peekDeadLetters(queue, query.limit)).map((letter) => ({ queue, letter }))))).flat()
    : [];

  return {
    generatedAt: now.toISOString(),
    filters: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<string, string | number>,
    dossiers: dossiers.items.map((d) => ({
      dossierCode: d.dossierCode,
      version: d.version,
      status: d.status,
      unitCode: d.unitCode ?? null,
      procedureCode: d.procedureCode,
      pendingSince: d.pendingSince,
      lagSeconds: Math.round((now.getTime() - Date.parse(d.pendingSince)) / 1000),
      attempts: d.sync?.attempts ?? 0,
      lastAttemptAt: d.sync?.lastAttemptAt ?? null,
      nextAttemptAt: d.sync?.nextAttemptAt ?? null,
      errorCode: d.sync?.lastError?.code ?? (portalParked ? parkedCode : null),
      errorMessage: boundedReason(d.sync?.lastError?.message),
      permanent: d.sync?.lastError?.permanent ?? false,
      parked: portalParked,
    })),
    events: events.items.map((e) => ({ eventId: e.eventId, type: e.type, dossierCode: e.dossierCode, status: e.status, receivedAt: e.receivedAt, attempts: e.deliveryAttempts ?? 0 })),
    payments: [...reviewed.values()].flatMap((p) => {
      const reason = paymentReason(p, now);
      if (!reason) return [];
      return [
        {
          paymentId: p.reference,
          dossierCode: p.dossierCode,
          provider: p.provider,
          status: p.status,
          amount: p.amount,
          createdAt: p.createdAt,
          expiresAt: p.expiresAt,
          reason,
          exceptions: (p.exceptions ?? []).map((x) => ({ kind: x.kind, at: x.at })),
        },
      ];
    }),
    deadLetters: deadLetters
      .filter(({ letter }) => !query.errorCode || letter.failureCode === query.errorCode)
      .map(({ queue, letter }) => ({
        queue,
        messageId: letter.messageId,
        subject: subjectOf(letter.body),
        failureCode: letter.failureCode ?? null,
        failureReason: boundedReason(letter.failureReason),
        failedAt: letter.failedAt ?? null,
        sentAt: letter.sentAt ?? null,
      })),
    divergences: divergences.map((d) => ({
      dossierCode: d.dossierCode,
      checkedAt: d.verification?.checkedAt ?? null,
      fields: [...(d.verification?.divergence?.fields ?? [])],
      missingSteps: d.verification?.divergence?.missingSteps ?? 0,
      duplicatedSteps: d.verification?.divergence?.duplicatedSteps ?? 0,
      portalHasDossier: d.verification?.divergence?.portalHasDossier ?? true,
      reopened: d.reopened,
    })),
    ledgerFailures: ledgerFailures.items.map((f) => ({
      at: f.at,
      partner: f.partner,
      direction: f.direction,
      operation: f.operation,
      subject: f.subject ?? null,
      messageId: f.messageId ?? null,
      recordId: f.recordId,
      outcome: f.outcome,
      errorCode: f.errorCode,
    })),
    truncated,
  };
}

/** The counts of the overview and of each trend sample. */
export async function stuckCounts(now = new Date(), olderThanMinutes = 5): Promise<StuckCounts> {
  const work = await stuckWork({ olderThanMinutes, limit: 500 }, now);
  const deadLetters = (await Promise.all(opsQueues.map((q) => queueCounts(q, 'deadLetter')))).reduce((sum, c) => sum + c.visible + c.inFlight + c.delayed, 0);
  return {
    dossiers: work.dossiers.length,
    events: work.events.length,
    payments: work.payments.length,
    deadLetters,
    divergences: work.divergences.length,
    ledgerFailures: work.ledgerFailures.length,
  };
}
