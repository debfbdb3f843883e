import type { VerificationAnswer, VerificationRequest } from '../../../contracts/api/verification';
import type { CitizenFacts } from './citizen-match';
import { compareCitizen } from './citizen-match';
import { DependencyUnavailableError, ValidationError } from '../errors';
import type { LedgerEntry } from '../ledger/ledger-record';
import { requestHash } from '../ledger/ledger-record';
import { CircuitOpenError, PartnerRetryableError } from '../partners/partner-errors';
import { keyedHash, maskIdentifier } from './personal-data';
import { parseBirthDate, personalIdInconsistencies } from './personal-id';

export interface VerificationPorts {
  /** The population-database lookup, behind the circuit breaker. */
  readonly lookUp: (request: VerificationRequest, requestId: string) => Promise<CitizenFacts | undefined>;
  readonly hmacKey: () => Promise<string>;
  readonly appendLedger: (entry: LedgerEntry) => Promise<unknown>;
  readonly now: () => Date;
}

/** When the relay fails outright (not the breaker), callers retry after this long. */
const upstreamRetryAfterSeconds = 5;

/**
 * Verifies a citizen: first every check that needs no one else (a real past date of birth; for a
 * personal ID, a known province and a century/sex digit and year that agree with the date of birth
 * and sex) — an inconsistent request is refused with 422 and no upstream call; then the lookup,
 * then the comparison. The ledger records who asked, why and the verdict, with the ID only as a
 * keyed hash and a mask.
 */
export async function verifyCitizen(request: VerificationRequest, requestId: string, ports: VerificationPorts): Promise<VerificationAnswer> {
  const birth = parseBirthDate(request.dateOfBirth, ports.now());
  if (typeof birth === 'string') throw new ValidationError([{ location: 'body', path: '/dateOfBirth', message: birth }]);
  if (request.personalId) {
    const inconsistencies = personalIdInconsistencies(request.personalId, birth, request.sex);
    if (inconsistencies.length > 0) throw new ValidationError(inconsistencies);
  }

  const identifier = (request.personalId ?? request.legacyId) as string;
  const started = performance.now();
  const record = async (outcome: LedgerEntry['outcome'], errorCode?: string, verdict?: string) =>
    ports.appendLedger({
      partner: 'identity',
      direction: 'outbound',
      operation: 'citizen-lookup',
      messageId: requestId,
      subject: request.dossierCode,
      requestHash: requestHash({ purpose: request.purpose.code, officer: request.officerId, id: keyedHash(await ports.hmacKey(), identifier) }),
      outcome,
      errorCode,
      durationMs: Math.round(performance.now() - started),
      at: ports.now().toISOString(),
      attributes: {
        idHash: keyedHash(await ports.hmacKey(), identifier),
        idMask: maskIdentifier(identifier),
        idKind: request.personalId ? 'personal_id' : 'legacy_id',
        purposeCode: request.purpose.code,
        officerId: request.officerId,
        ...(verdict ? { verdict } : {}),
      },
    });

  let found: CitizenFacts | undefined;
  try {
    found = await ports.lookUp(request, requestId);
  } catch (error) {
    if (error instanceof CircuitOpenError) {
      await record('retryable', 'circuit-open');
      throw new DependencyUnavailableError('the population database is failing; the gateway is not calling it until it recovers', error.retryAfterSeconds);
    }
    const code = error instanceof PartnerRetryableError ? error.code : 'identity-unexpected';
    await record('retryable', code);
    throw new DependencyUnavailableError('the population database did not answer; retry shortly', upstreamRetryAfterSeconds, { cause: error });
  }
  const result = compareCitizen(request, birth, found);
  await record('ok', undefined, result.verdict);
  return { ...result, requestId };
}
