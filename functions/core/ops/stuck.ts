import type { StuckQuery } from '../../../contracts/api/ops';
import type { StoredPayment } from '../payment/payment-records';

/** Pure rules of the stuck-work lists: filters, and which payments need an operator. */

export interface DossierFacts {
  readonly unitCode?: string;
  readonly procedureCode: string;
  readonly errorCode?: string;
}

export function matchesDossierFilters(query: Pick<StuckQuery, 'unit' | 'procedure' | 'errorCode'>, facts: DossierFacts): boolean {
  if (query.unit && facts.unitCode !== query.unit) return false;
  if (query.procedure && facts.procedureCode !== query.procedure) return false;
  if (query.errorCode && facts.errorCode !== query.errorCode) return false;
  return true;
}

/** A payment an operator should look at: still pending past its expiry, or carrying exceptions. */
export function paymentReason(payment: StoredPayment, now: Date): 'pending-too-long' | 'exception' | undefined {
  if ((payment.exceptions?.length ?? 0) > 0) return 'exception';
  if (payment.status === 'PENDING' && Date.parse(payment.expiresAt) < now.getTime()) return 'pending-too-long';
  return undefined;
}

/** Short, personal-data-free form of a dead letter's reason: the code the worker set, and a bounded message. */
export function boundedReason(reason: string | undefined): string | null {
  if (!reason) return null;
  return reason.length > 200 ? `${reason.slice(0, 199)}…` : reason;
}

/** The dossier or event a queue message is about (the bodies are `{ dossierCode }` / `{ eventId }` nudges). */
export function subjectOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { dossierCode?: unknown; eventId?: unknown };
    if (typeof parsed.dossierCode === 'string') return parsed.dossierCode;
    if (typeof parsed.eventId === 'string') return parsed.eventId;
  } catch {
    // A malformed body is exactly what an operator needs to see named: it has no subject.
  }
  return null;
}
