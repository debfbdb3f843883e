import type { TimelineEntry } from '../../../contracts/api/ops';
import type { DossierPartition, DossierVersionRecord } from '../dossier/dossier-records';
import type { DeliveryAttempt, StoredEvent } from '../delivery/event-records';
import type { LedgerFailure } from '../ledger/ledger-failure';
import type { LedgerEntry } from '../ledger/ledger-record';
import type { StoredPayment } from '../payment/payment-records';
import { portalSyncView } from '../portal/sync-state';
import { syncTargetOf } from '../dossier/dossier-records';
import { NotFoundError } from '../errors';


export interface TimelineSources {
  readonly partition: DossierPartition;
  /** Every version received; dossiers stored before the history was kept have none (the current one is shown then). */
  readonly versions: readonly DossierVersionRecord[];
  readonly events: readonly { event: StoredEvent; attempts: readonly DeliveryAttempt[] }[];
  readonly payments: readonly StoredPayment[];
  readonly ledger: readonly (LedgerEntry & { recordId: string })[];
  /** Ledger records that could not be written (ops-stats): exchanges that happened without their evidence. */
  readonly lostRecords?: readonly LedgerFailure[];
}

/** The keys the ledger knows a dossier's exchanges by: its code, its events' ids, its payments' references. */
export function ledgerKeysOf(dossierCode: string, events: TimelineSources['events'], payments: readonly StoredPayment[]): string[] {
  return [dossierCode, ...events.map((e) => e.event.eventId), ...payments.map((p) => p.reference)];
}

const entry = (fields: Partial<TimelineEntry> & Pick<TimelineEntry, 'at' | 'kind' | 'partner' | 'summary'>): TimelineEntry => ({
  outcome: 'info',
  httpStatus: null,
  errorCode: null,
  durationMs: null,
  ledgerRecordId: null,
  reference: null,
  version: null,
  ...fields,
});

/**
 * One view of a dossier across partners, oldest first: what the gateway stores (version,
 * acknowledgement, events, payments) and every ledgered exchange. A city delivery attempt is
 * matched to its ledger record by order (the n-th record of the event is its n-th attempt).
 */
export function buildTimeline(dossierCode: string, sources: TimelineSources) {
  const { state, portalSync } = sources.partition;
  if (!state) throw new NotFoundError(`no dossier with code "${dossierCode}"`);
  const versions = (
    sources.versions.some((v) => v.version === state.version && v.contentHash === state.contentHash)
      ? [...sources.versions]
      : [...sources.versions, { version: state.version, storedAt: state.storedAt, contentHash: state.contentHash, status: state.snapshot.status, outcome: 'stored' as const }]
  ).sort((a, b) => (a.storedAt < b.storedAt ? -1 : a.storedAt > b.storedAt ? 1 : a.version - b.version));
  // The recorded answer where there is one. Records kept before it was have none: only a newer
  // version replaces the snapshot, so one received after a higher number was refused (409) — an
  // inference that is wrong under concurrent writes (`storedAt` is when a request started).
  let highest = 0;
  const entries: TimelineEntry[] = versions.map((v) => {
    const refused = v.outcome ? v.outcome === 'refused' : v.version < highest;
    const refusedBy = v.outcome ? v.refusedWhileStored : highest;
    if (!refused) highest = Math.max(highest, v.version);
    const why =
      refusedBy === undefined ? '' : refusedBy === v.version ? ` (version ${v.version} already stored with other content)` : ` (older than version ${refusedBy})`;
    return entry({
      at: v.storedAt,
      kind: 'version-received',
      partner: 'city',
      summary: refused ? `version ${v.version} refused${why}` : `version ${v.version} stored (${v.status})`,
      outcome: refused ? 'rejected' : 'ok',
      version: v.version,
      // The SHA-256 (base64url) of the received snapshot: which content this version had, without showing it.
      reference: `sha256:${v.contentHash}`,
    });
  });
  if (portalSync?.sentStepIds && portalSync.sentStepIds.size > 0) {
    const sent = [...portalSync.sentStepIds];
    // The store keeps which steps reached the portal, not when: shown at the last acknowledgement (the ledger has each call).
    const at = portalSync.ackedAt ?? portalSync.lastAttemptAt ?? state.storedAt;
    for (const step of state.snapshot.history.filter((s) => sent.includes(s.id))) {
      entries.push(entry({ at, kind: 'steps-sent', partner: 'portal', summary: `step ${step.id} sent to the portal`, outcome: 'ok', reference: step.id }));
    }
  }
  if (portalSync?.ackedAt && portalSync.ackVersion !== undefined) {
    entries.push(
      entry({
        at: portalSync.ackedAt,
        kind: 'portal-ack',
        partner: 'portal',
        summary: `portal acknowledged version ${portalSync.ackVersion} (overlay revision ${portalSync.ackRevision ?? 0})`,
        outcome: 'ok',
        version: portalSync.ackVersion,
      }),
    );
  }

  // The verifier's last finding, kept on the sync item: a divergence stays visible here after it is dismissed.
  const verification = portalSync?.verification;
  if (verification) {
    const d = verification.divergence;
    const dismissed = portalSync.divergenceDismissedAt !== undefined && portalSync.divergenceDismissedAt >= verification.checkedAt;
    const found = d
      ? [d.fields.length ? `fields ${d.fields.join(', ')}` : '', d.missingSteps ? `${d.missingSteps} steps missing` : '', d.duplicatedSteps ? `${d.duplicatedSteps} steps duplicated` : '', d.portalHasDossier ? '' : 'the portal lacks the dossier']
          .filter(Boolean)
          .join('; ')
      : '';
    entries.push(
      entry({
        at: verification.checkedAt,
        kind: 'verification',
        partner: 'portal',
        summary:
          verification.outcome === 'match'
            ? `portal copy matches acknowledged version ${verification.ackVersion}`
            : `portal copy diverges from acknowledged version ${verification.ackVersion}${found ? `: ${found}` : ''}` +
              (dismissed ? ` (dismissed by ${portalSync.divergenceDismissedBy ?? 'an operator'} at ${portalSync.divergenceDismissedAt})` : ''),
        outcome: verification.outcome === 'match' ? 'ok' : 'rejected',
        version: verification.ackVersion,
      }),
    );
  }

  const cityRecords = new Map<string, (LedgerEntry & { recordId: string })[]>();
  for (const record of sources.ledger) {
    if (record.partner === 'city' && record.operation === 'deliver') {
      cityRecords.set(record.messageId, [...(cityRecords.get(record.messageId) ?? []), record]);
      continue;
    }
    entries.push(
      entry({
        at: record.at,
        kind: record.partner === 'operator' ? 'operator-action' : record.partner === 'portal' ? (record.direction === 'inbound' ? 'callback' : 'portal-attempt') : record.partner === 'payment' ? 'payment-confirmation' : 'verification',
        partner: record.partner,
        summary:
          `${record.direction === 'inbound' ? '←' : '→'} ${record.operation}${record.attributes?.operator ? ` by ${record.attributes.operator}` : ''}` +
          // An operator's stated reason (a dismissal) is why the action was taken: shown with it; a
          // dismissal that found nothing listed changed nothing, and says so (else it reads like one that did).
          (record.partner === 'operator' && record.operation === 'dismiss-divergence'
            ? (record.attributes?.dismissed === 'false' ? ' (nothing to dismiss)' : '') + (record.attributes?.reason ? `: ${record.attributes.reason}` : '')
            : ''),
        outcome: record.outcome,
        httpStatus: record.httpStatus ?? null,
        errorCode: record.errorCode ?? null,
        durationMs: record.durationMs,
        ledgerRecordId: record.recordId,
        reference: record.messageId,
      }),
    );
  }

  // An exchange whose record the store refused: it happened, its evidence is missing. Shown where it
  // happened, with the id the record would have had; never a ledgerRecordId (there is no record).
  for (const lost of sources.lostRecords ?? []) {
    entries.push(
      entry({
        at: lost.at,
        kind: 'ledger-record-lost',
        partner: lost.partner,
        summary: `${lost.direction === 'inbound' ? '←' : '→'} ${lost.operation}: ledger record ${lost.recordId} not written (${lost.errorCode})`,
        outcome: lost.outcome,
        errorCode: lost.errorCode,
        reference: lost.messageId,
      }),
    );
  }

  for (const { event, attempts } of sources.events) {
    entries.push(entry({ at: event.receivedAt, kind: 'callback', partner: event.source, summary: `event ${event.type} received (${event.status})`, reference: event.eventId }));
    const records = cityRecords.get(event.eventId) ?? [];
    [...attempts]
      .sort((a, b) => a.attempt - b.attempt)
      .forEach((attempt, index) => {
        const record = records[index];
        entries.push(
          entry({
            at: attempt.at,
            kind: 'delivery',
            partner: 'city',
            summary: `delivery #${attempt.attempt} of ${event.type}: ${attempt.outcome}`,
            outcome: attempt.outcome === 'delivered' ? 'ok' : attempt.outcome,
            httpStatus: attempt.httpStatus,
            errorCode: attempt.error,
            durationMs: attempt.durationMs,
            ledgerRecordId: record?.recordId ?? null,
            reference: event.eventId,
          }),
        );
      });
  }

  for (const payment of sources.payments) {
    entries.push(entry({ at: payment.createdAt, kind: 'payment', partner: 'payment', summary: `payment opened with ${payment.provider} (${payment.amount} VND)`, reference: payment.reference }));
    if (payment.paidAt) entries.push(entry({ at: payment.paidAt, kind: 'payment', partner: 'payment', summary: 'payment confirmed PAID', outcome: 'ok', reference: payment.reference }));
    else if (payment.status !== 'PENDING') entries.push(entry({ at: payment.expiresAt, kind: 'payment', partner: 'payment', summary: `payment ${payment.status}`, reference: payment.reference }));
    for (const exception of payment.exceptions ?? []) {
      entries.push(entry({ at: exception.at, kind: 'payment', partner: 'payment', summary: `exception: ${exception.kind}`, outcome: 'rejected', reference: payment.reference }));
    }
  }

  const view = portalSyncView(syncTargetOf({ ...sources.partition, state }), portalSync);
  return {
    dossierCode,
    version: state.version,
    status: state.snapshot.status,
    sync: { state: view.state, ackVersion: view.ackVersion, attempts: view.attempts, lastError: view.lastError?.code ?? null },
    entries: entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
  };
}
