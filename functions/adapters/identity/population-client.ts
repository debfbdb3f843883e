import type { VerificationRequest } from '../../../contracts/api/verification';
import { CitizenLookupAnswer } from '../../../contracts/identity/population-db';
import type { CitizenFacts } from '../../core/identity/citizen-match';
import { PartnerRetryableError } from '../../core/partners/partner-errors';
import { parseCitizenRecord, toLookupRequest } from '../../translate/population-db';
import { identityConfig, relayCredentials } from './identity-config';
import { isPartnerHttpError, partnerHttpClient } from '../partners/partner-http-client';

const client = partnerHttpClient(() => ({ timeoutMs: identityConfig().IDENTITY_TIMEOUT_MS }));

/**
 * One lookup through the relay. Resolves with the record's facts, or undefined when the
 * database has no one under that number. Any failure to get an answer — network, timeout, HTTP
 * error, an error code, an unreadable envelope — rejects with PartnerRetryableError, which is
 * what the circuit breaker counts.
 */
export async function lookUpCitizen(request: VerificationRequest, requestId: string): Promise<CitizenFacts | undefined> {
  const credentials = await relayCredentials();
  const body = toLookupRequest(request, { integrationCode: credentials.integrationCode, serviceCode: identityConfig().IDENTITY_SERVICE_CODE, requestId });
  let data: unknown;
  try {
    ({ data } = await client().post(identityConfig().IDENTITY_RELAY_URL, body, { headers: { authorization: `Bearer ${credentials.token}` } }));
  } catch (error) {
    const status = isPartnerHttpError(error) ? error.response?.status : undefined;
    const code = isPartnerHttpError(error) ? error.code : 'error';
    throw new PartnerRetryableError(status ? `identity-http-${status}` : `identity-${code.toLowerCase()}`, 'the population-database relay did not answer');
  }
  const answer = CitizenLookupAnswer.safeParse(data);
  if (!answer.success) throw new PartnerRetryableError('identity-bad-answer', 'the relay answered something that is not a lookup answer');
  if (answer.data.error_code !== '0' && answer.data.error_code !== '00') {
    throw new PartnerRetryableError(`identity-error-${answer.data.error_code}`, 'the population database answered with an error code');
  }
  try {
    return parseCitizenRecord(answer.data.message, request);
  } catch {
    throw new PartnerRetryableError('identity-bad-envelope', 'the SOAP envelope of the answer could not be read');
  }
}
