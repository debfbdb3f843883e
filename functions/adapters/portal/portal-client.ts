import { portalErrorCodes } from '../../../contracts/portal/codes';
import type { PortalDossier } from '../../../contracts/portal/dossier';
import { PortalHeldDossier } from '../../../contracts/portal/dossier';
import type { PortalAnswer } from '../../../contracts/portal/envelope';
import { PortalAnswer as PortalAnswerSchema, PortalLoginAnswer } from '../../../contracts/portal/envelope';
import type { PortalStep } from '../../../contracts/portal/progress';
import type { LedgerEntry } from '../../core/ledger/ledger-record';
import { stableErrorCode } from '../../core/error-code';
import { requestHash } from '../../core/ledger/ledger-record';
import { PartnerOutcomeUnknownError, PartnerRetryableError } from '../../core/partners/partner-errors';
import { appendLedger } from '../ledger/ledger-store';
import { loadPartnerSecret, UsernamePassword } from '../partners/partner-secrets';
import { portalConfig } from './portal-config';
import { classifyPortalAnswer, portalFallbackCode, classifyTransportError, PortalDossierPresenceError, PortalSessionInvalidError } from './portal-errors';
import { partnerHttpClient } from '../partners/partner-http-client';

/** Who caused a call: written to the ledger with it. */
export interface PortalCallContext {
  readonly messageId: string;
  readonly dossierCode: string;
  /**
   * Awaited before every request this call makes (a login, the service call, a retry after a
   * refused session or a presence mismatch): the LGSP quota counts requests, not operations.
   */
  readonly beforeRequest?: () => Promise<void>;
}

const http$ = partnerHttpClient(() => ({
  baseUrl: portalConfig().baseUrl,
  timeoutMs: portalConfig().timeoutMs,
  headers: { 'content-type': 'application/json' },
}));

/** The portal session, cached for the life of the container (PARTNERS.md §1). */
let session: string | undefined;

const isSuccess = (answer: PortalAnswer) => (portalErrorCodes.success as readonly string[]).includes(answer.error_code);

async function exchange<T>(
  operation: string,
  path: string,
  body: object,
  ledgerBody: unknown,
  context: PortalCallContext,
  parse: (data: unknown) => T,
): Promise<T> {
  await context.beforeRequest?.();
  const started = performance.now();
  let httpStatus: number | undefined;
  let outcome: LedgerEntry['outcome'] = 'ok';
  let errorCode: string | undefined;
  try {
    const response = await http$().post(path, body);
    httpStatus = response.status;
    return parse(response.data);
  } catch (error) {
    const classified = classifyTransportError(error);
    httpStatus ??= (error as { response?: { status?: number } }).response?.status;
    outcome = classified instanceof PartnerRetryableError || classified instanceof PortalSessionInvalidError ? 'retryable' : 'rejected';
    errorCode = stableErrorCode(classified, portalFallbackCode(classified));
    throw classified;
  } finally {
    await appendLedger({
      partner: 'portal',
      direction: 'outbound',
      operation,
      messageId: context.messageId,
      subject: context.dossierCode,
      requestHash: requestHash(ledgerBody),
      outcome,
      httpStatus,
      errorCode,
      durationMs: Math.round(performance.now() - started),
      at: new Date().toISOString(),
    });
  }
}

async function login(context: PortalCallContext): Promise<string> {
  const config = portalConfig();
  const credentials = await loadPartnerSecret(UsernamePassword, { secretArn: config.credentialsSecretArn, inline: config.inlineCredentials });
  // The password never reaches the ledger, not even hashed.
  const answer = await exchange('login', config.authPath, credentials, { username: credentials.username }, context, (data) =>
    PortalLoginAnswer.parse(data),
  ).catch((error: unknown) => {
    // A lost login answer changes nothing at the portal: the dossier call never left.
    if (error instanceof PartnerOutcomeUnknownError) throw new PartnerRetryableError(error.code, error.message);
    throw error;
  });
  if (!(portalErrorCodes.success as readonly string[]).includes(answer.error_code) || !answer.session) {
    throw new PartnerRetryableError('portal-login-refused', `portal refused the login (error_code ${answer.error_code})`);
  }
  return answer.session;
}

/**
 * Calls one service with the cached session. An answer saying the session is invalid logs in
 * again once and retries; every other failure is classified for the worker.
 */
async function callService(service: string, fields: object, context: PortalCallContext): Promise<PortalAnswer> {
  const config = portalConfig();
  for (let relogin = 0; ; relogin++) {
    session ??= await login(context);
    const body = { session, madonvi: config.unitCode, service, ...fields };
    try {
      // A non-success envelope is thrown inside the exchange, so the ledger records its outcome.
      return await exchange(service, config.servicePath, body, { madonvi: config.unitCode, service, ...fields }, context, (data) => {
        const answer = PortalAnswerSchema.parse(data);
        if (!isSuccess(answer)) throw classifyPortalAnswer(answer);
        return answer;
      });
    } catch (error) {
      if (error instanceof PortalSessionInvalidError && relogin === 0) {
        session = undefined;
        continue;
      }
      if (error instanceof PortalSessionInvalidError) {
        throw new PartnerRetryableError('portal-session-invalid', 'the portal refused a fresh session');
      }
      throw error;
    }
  }
}

/**
 * DongBoHoSoMC for one dossier. `isUpdating` follows what the gateway believes the portal holds;
 * if the portal disagrees (it has it, or does not), the call is repeated once the other way.
 */
export async function pushDossier(dossier: PortalDossier, portalHasIt: boolean, context: PortalCallContext): Promise<void> {
  try {
    await callService('DongBoHoSoMC', { isUpdating: portalHasIt ? 'True' : 'False', data: [dossier] }, context);
  } catch (error) {
    if (!(error instanceof PortalDossierPresenceError)) throw error;
    await callService('DongBoHoSoMC', { isUpdating: error.portalHasIt ? 'True' : 'False', data: [dossier] }, context);
  }
}

/** CapNhatTienDoHoSoMC with at most ten steps (the caller chunks). */
export async function pushSteps(steps: readonly PortalStep[], context: PortalCallContext): Promise<void> {
  await callService('CapNhatTienDoHoSoMC', { data: steps }, context);
}

/**
 * TraCuuHoSo: the dossier as the portal holds it, or undefined when the portal has no such
 * dossier. Used to read back after an attempt whose outcome is unknown, and by the verifier.
 */
export async function lookupDossier(dossierCode: string, context: PortalCallContext): Promise<PortalHeldDossier | undefined> {
  try {
    const answer = await callService('TraCuuHoSo', { mahoso: dossierCode }, context);
    const held = (Array.isArray(answer.result) ? answer.result : [answer.result]).find(
      (item: unknown) => (item as { MaHoSo?: unknown } | undefined)?.MaHoSo === dossierCode,
    );
    if (held === undefined) return undefined;
    return PortalHeldDossier.parse(held);
  } catch (error) {
    // "No such dossier" is an answer here, not a failure.
    if (error instanceof PortalDossierPresenceError && !error.portalHasIt) return undefined;
    throw error;
  }
}
