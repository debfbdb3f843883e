import { errorCodeOf } from '../error-code';
import type { LedgerRecord } from './ledger-record';

/**
 * What operators are told of a ledger record that could not be written: which exchange lost its
 * evidence (partner, operation, subject, message) and why the store refused it. The exchange
 * itself happened — the ledger records exchanges, it does not gate them — so its outcome is kept
 * too. Only identifiers and codes: the record's request hash and attributes stay out, like
 * anything that could carry personal data.
 */
export interface LedgerFailure {
  /** When the append was given up (after its retries). */
  readonly at: string;
  /** The id the lost record would have had (the log line of the failure names it too). */
  readonly recordId: string;
  readonly partner: string;
  readonly direction: LedgerRecord['direction'];
  readonly operation: string;
  /** The dossier code, event id or payment reference the exchange was about. */
  readonly subject?: string;
  readonly messageId: string;
  readonly outcome: LedgerRecord['outcome'];
  /** Why the store refused the write: DynamoDB's error name or a transport code, never a message. */
  readonly errorCode: string;
}

export function ledgerFailureOf(record: LedgerRecord, error: unknown, failedAt: string): LedgerFailure {
  return {
    at: failedAt,
    recordId: record.recordId,
    partner: record.partner,
    direction: record.direction,
    operation: record.operation,
    ...(record.subject !== undefined ? { subject: record.subject } : {}),
    messageId: record.messageId,
    outcome: record.outcome,
    errorCode: errorCodeOf(error),
  };
}
