import type { VerificationAnswer, VerificationRequest } from '../../../contracts/api/verification';
import type { BirthFacts } from './personal-id';
import { sameName } from './name-match';

/** The facts of a population record the gateway compares — and nothing else of it. */
export interface CitizenFacts {
  readonly personalId?: string;
  readonly legacyId?: string;
  readonly fullName: string;
  readonly sex?: 'male' | 'female';
  readonly birth: { readonly year?: number; readonly month?: number; readonly day?: number };
}

type Checks = VerificationAnswer['checks'];

/**
 * Compares a request with the record found (or not) under its ID number. A date known only to
 * the year on either side is compared by year; sex is compared only when the caller gave it.
 */
export function compareCitizen(
  request: VerificationRequest,
  birth: BirthFacts,
  record: CitizenFacts | undefined,
): Omit<VerificationAnswer, 'requestId'> {
  if (!record) {
    return { verdict: 'NOT_FOUND', checks: { personalId: 'not_checked', fullName: 'not_checked', dateOfBirth: 'not_checked', sex: 'not_checked' } };
  }
  const result = (same: boolean): 'match' | 'mismatch' => (same ? 'match' : 'mismatch');
  const checks: Checks = {
    personalId: result(request.personalId ? record.personalId === request.personalId : record.legacyId === request.legacyId),
    fullName: result(sameName(request.fullName, record.fullName)),
    dateOfBirth: record.birth.year === undefined ? 'not_checked' : result(sameBirth(birth, record.birth)),
    sex: request.sex === undefined || record.sex === undefined ? 'not_checked' : result(request.sex === record.sex),
  };
  const verdict = Object.values(checks).includes('mismatch') ? 'MISMATCH' : 'MATCH';
  return { verdict, checks };
}

function sameBirth(requested: BirthFacts, recorded: CitizenFacts['birth']): boolean {
  if (requested.year !== recorded.year) return false;
  if (requested.month === undefined || recorded.month === undefined) return true;
  return requested.month === recorded.month && requested.day === recorded.day;
}
