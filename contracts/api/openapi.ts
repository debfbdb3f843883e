import * as z from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { createDocument } from 'zod-openapi';
import { DossierPathParameters, DossierSnapshotInput } from './dossier';
import { DossierAccepted, DossierView } from './dossier-view';
import { PortalCallback } from '../portal/callbacks';
import { DeliveryView } from './city-events';
import { EventId } from '../messages/city-delivery';
import { PaymentOpened, PaymentRequest, PaymentView } from './payment';
import { HealthReport } from './health';
import { VerificationAnswer, VerificationRequest } from './verification';
import { Problem, problemContentType } from './problem';
import { opsOperations } from './openapi-ops';
import type { RouteAuth } from './routes';
import { routes } from './routes';
import { AtRiskList, CalendarView, Reconciliation, PeriodQuery, Scorecard, ScorecardQuery, Trend, UnitPathParameters, UnitTable } from '../insight/views';
import { VnpayIpnQuery } from '../payment/vnpay';
import { MomoRefusal } from '../payment/momo';
import { gatewayProblems } from './gateway-problems';

/**
 * The OpenAPI 3.1 document, generated from the zod contracts and the route table. Each route's
 * operation is described here by operationId; a test checks that none is missing.
 */

const problem = (description: string) => ({ description, content: { [problemContentType]: { schema: Problem } } });
const jsonContent = (schema: z.core.$ZodType) => ({ 'application/json': { schema } });
/** MoMo's callback is answered in MoMo's own shape, also when it is refused (functions/payment-confirmation/momo-callback.ts). */
const momoRefusal = (description: string) => ({ description, content: jsonContent(MomoRefusal) });

const commonProblems = {
  '400': problem('Malformed JSON'),
  '401': problem('Missing or invalid API key'),
  '403': problem('The API key lacks the scope this route needs'),
  '413': problem('Body larger than 256 KiB'),
  '415': problem('Body is not application/json'),
  '422': problem('The body or path violates the contract; `errors` lists every failing field'),
};

/** A malformed path parameter is refused before any lookup. */
const invalidPathParameter = problem('The path parameter violates the contract (characters or length); `errors` names it');

/**
 * What API Gateway itself may answer on any route before the function runs (contracts/api/gateway-problems.ts):
 * every operation lists them, so a client knows every status it can meet.
 */
const gatewayAnswers = {
  '400': problem(`${gatewayProblems.badRequest.detail} ${gatewayProblems.malformedRequest.detail}`),
  '408': problem(gatewayProblems.requestTimeout.detail),
  '413': problem(`Body larger than API Gateway accepts (${gatewayProblems.payloadTooLarge.detail})`),
  '414': problem(gatewayProblems.uriTooLong.detail),
  '431': problem(gatewayProblems.headersTooLarge.detail),
  '429': problem(gatewayProblems.tooManyRequests.detail),
  '504': problem('The function behind the route failed or did not answer in time; retry later'),
};
const authorizerAnswers = {
  '401': commonProblems['401'],
  '403': commonProblems['403'],
  '500': problem(gatewayProblems.authorizerFailure.detail),
};

/** The Idempotency-Key rule of POST /v1/payments, also enforced by functions/open-payment/handler.ts. */
const idempotencyKeyRule =
  'Optional. 1–128 visible ASCII characters (0x21–0x7E); anything else is refused (422, location header). Scoped to the API key that sends it and kept 24 hours: a repeat with the same body answers the first result (same reference, no second INIT at the payment platform); the same key with another body is refused (422 `idempotency-key-reused`); a repeat while the first is still running is refused (409, Retry-After).';

export const operations: Record<(typeof routes)[number]['operationId'], Omit<ZodOpenApiOperationObject, 'operationId'>> = {
  putDossier: {
    requestParams: { path: DossierPathParameters },
    requestBody: { required: true, content: jsonContent(DossierSnapshotInput) },
    responses: {
      '202': { description: 'Stored (or an identical resend) and queued for the portal', content: jsonContent(DossierAccepted) },
      ...commonProblems,
      '409': problem('Same version with other content, or an older version; `storedVersion` says what is stored'),
      '503': problem('Stored but not queued; resend the same request (it is idempotent)'),
    },
  },
  getDossier: {
    requestParams: { path: DossierPathParameters },
    responses: {
      '200': { description: 'Snapshot and sync state', content: jsonContent(DossierView) },
      '401': commonProblems['401'],
      '403': commonProblems['403'],
      '404': problem('No dossier with this code'),
      '422': invalidPathParameter,
    },
  },
  postCitizenVerification: {
    description: [
      'Give exactly one of `personalId` (12 digits) or `legacyId` (9 digits). Checks that need no upstream call come first, and an inconsistent request is answered 422 naming each inconsistency, without asking the population database:',
      '- the 12-digit ID is `PPP G YY NNNNNN`: `PPP` must be a known birth-registration province code;',
      '- `G` gives century and sex: 0/1 born 1900–1999 male/female, 2/3 2000–2099, 4/5 2100–2199, 6/7 2200–2299, 8/9 2300–2399;',
      '- century + `YY` must equal the year of `dateOfBirth` (`YYYY-MM-DD`, or `YYYY` when only the year is known; a real calendar date, not in the future, not before 1900);',
      '- when `sex` is given it must agree with `G`.',
      'Names compare NFC-normalised, case- and space-insensitive, with diacritics significant.',
    ].join('\n'),
    requestBody: { required: true, content: jsonContent(VerificationRequest) },
    responses: {
      '200': { description: 'The verdict and one result per checked field; the record itself is never returned', content: jsonContent(VerificationAnswer) },
      ...commonProblems,
      '503': problem('The population database is failing or the circuit is open; Retry-After says when to try again'),
    },
  },
  postPayment: {
    description: `Amounts are whole VND. Idempotency-Key: ${idempotencyKeyRule}`,
    requestParams: {
      header: z.object({ 'idempotency-key': z.string().regex(/^[\x21-\x7e]{1,128}$/).optional().describe(idempotencyKeyRule) }),
    },
    requestBody: { required: true, content: jsonContent(PaymentRequest) },
    responses: {
      '201': { description: 'PENDING; send the payer to payUrl before expiresAt', content: jsonContent(PaymentOpened) },
      ...commonProblems,
      '409': problem('A request with this Idempotency-Key is still in progress'),
      '502': problem('The payment platform refused the payment'),
      '503': problem('The payment platform did not answer; send the request again'),
    },
  },
  getPayment: {
    requestParams: { path: z.object({ paymentId: z.string() }) },
    responses: {
      '200': { description: 'The payment', content: jsonContent(PaymentView) },
      '401': commonProblems['401'],
      '403': commonProblems['403'],
      '404': problem('No payment with this id'),
      '422': invalidPathParameter,
    },
  },
  postPaygovConfirmation: {
    description:
      'MaXacThuc = SHA-256 over the pipe-joined fields and the partner secret; every body the function reads is answered HTTP 200 with `{ MaLoi, MoTaLoi, MaDoiTac, ThoiGianGD, MaXacThuc }` (00 confirmed, 01 unknown, 02 already confirmed, 04 amount, 97 signature, 99 error): a refusal is a MaLoi other than 00, also for a body that is too large, not JSON or not application/json.',
    requestBody: { required: true, content: jsonContent(z.record(z.string(), z.unknown())) },
    responses: {
      '200': { description: "PayGov's reply format; MaLoi other than 00 is a refusal", content: jsonContent(z.record(z.string(), z.string())) },
    },
  },
  getVnpayIpn: {
    description: 'Signed vnp_* query parameters (HMAC-SHA512); answered HTTP 200 with `{ RspCode, Message }`: 00, 01, 02, 04, 97 or 99 (a refusal is an RspCode other than 00).',
    requestParams: { query: VnpayIpnQuery },
    responses: { '200': { description: "VNPay's answer", content: jsonContent(z.strictObject({ RspCode: z.string(), Message: z.string() })) } },
  },
  postMomoIpn: {
    description:
      "HMAC-SHA256 signature over the documented fields; 204 once handled. A refused IPN gets a 4xx (MoMo does not resend it) and a failure of the gateway 503 (MoMo sends again), both with a JSON body in MoMo's own shape (`resultCode`, `message`), not a problem document.",
    requestBody: { required: true, content: jsonContent(z.record(z.string(), z.unknown())) },
    responses: {
      '204': { description: 'Handled' },
      '400': momoRefusal('Not JSON, or a field missing or malformed (resultCode 20)'),
      '401': momoRefusal('The signature did not verify (resultCode 11)'),
      '413': momoRefusal('Body larger than 256 KiB (resultCode 20); over API Gateway\'s own limit, its problem document'),
      '415': momoRefusal('Body is not application/json (resultCode 20)'),
      '422': momoRefusal('Unknown or invalid orderId (resultCode 42), or a malformed or wrong amount (resultCode 21)'),
      '503': momoRefusal('The gateway failed to record the IPN (resultCode 99); MoMo sends it again'),
    },
  },
  postPortalCallback: {
    description:
      'Standard Webhooks: `webhook-id`, `webhook-timestamp` (±5 min) and `webhook-signature` (`v1,<base64 HMAC-SHA256>` over "{id}.{timestamp}.{raw body}") are verified before the body is read.',
    requestParams: { header: z.object({ 'webhook-id': EventId }) },
    requestBody: { required: true, content: jsonContent(PortalCallback) },
    responses: {
      '200': { description: 'This webhook-id was already received with this body; nothing was done again', content: jsonContent(z.strictObject({ eventId: z.string(), outcome: z.literal('duplicate'), type: z.string() })) },
      '202': { description: 'Verified, stored and queued for the city system', content: jsonContent(z.strictObject({ eventId: z.string(), outcome: z.literal('accepted'), type: z.string() })) },
      '400': commonProblems['400'],
      '401': problem('Missing, stale, future or wrong signature; `reason` says which'),
      '409': problem('This webhook-id was received before with a different body'),
      '413': commonProblems['413'],
      '415': commonProblems['415'],
      '422': problem('Not one of the known event types, a field violates the contract, or the webhook-id is not 1–128 visible ASCII characters'),
      '503': problem('Stored but not queued; resend the same message'),
    },
  },
  getDelivery: {
    requestParams: { path: z.object({ eventId: EventId }) },
    responses: {
      '200': { description: 'The event and every delivery attempt', content: jsonContent(DeliveryView) },
      '401': commonProblems['401'],
      '403': commonProblems['403'],
      '404': problem('No event with this id'),
      '422': invalidPathParameter,
    },
  },
  getInsightScorecard: {
    description:
      'Counters kept incrementally as snapshots and portal acknowledgements arrive; points, thresholds and formulas are configuration. Indicators the gateway cannot see are `national_only` (score null).',
    requestParams: { query: ScorecardQuery },
    responses: { '200': { description: 'The scorecard', content: jsonContent(Scorecard) }, '401': commonProblems['401'], '403': commonProblems['403'], '422': commonProblems['422'] },
  },
  getInsightUnits: {
    requestParams: { query: PeriodQuery },
    responses: {
      '200': { description: 'The by-unit table', content: { ...jsonContent(UnitTable), 'text/csv': { schema: z.string() } } },
      '401': commonProblems['401'],
      '403': commonProblems['403'],
      '422': commonProblems['422'],
    },
  },
  getInsightTrend: {
    requestParams: { query: z.object({ unit: z.string().optional(), months: z.string().optional() }) },
    responses: { '200': { description: 'Monthly scores', content: jsonContent(Trend) }, '401': commonProblems['401'], '403': commonProblems['403'], '422': commonProblems['422'] },
  },
  getInsightAtRisk: {
    requestParams: { path: UnitPathParameters, query: PeriodQuery },
    responses: {
      '200': { description: 'Dossiers at risk, most points first', content: { ...jsonContent(AtRiskList), 'text/csv': { schema: z.string() } } },
      '401': commonProblems['401'],
      '403': commonProblems['403'],
      '422': commonProblems['422'],
    },
  },
  getInsightReconciliation: {
    description: 'Month only (`period=YYYY-MM`). The official figures are pulled daily by the reconciler; `official` is null until the first pull.',
    requestParams: { query: PeriodQuery },
    responses: { '200': { description: 'Per-unit comparison', content: jsonContent(Reconciliation) }, '401': commonProblems['401'], '403': commonProblems['403'], '422': commonProblems['422'] },
  },
  getInsightCalendar: {
    responses: { '200': { description: 'The calendar in use', content: jsonContent(CalendarView) }, '401': commonProblems['401'], '403': commonProblems['403'] },
  },
  getHealth: {
    responses: {
      '200': { description: 'Every dependency answered', content: jsonContent(HealthReport) },
      '503': { description: 'At least one dependency failed; `checks` says which', content: jsonContent(HealthReport) },
    },
  },
  getOpenApi: {
    responses: { '200': { description: 'This document', content: jsonContent(z.record(z.string(), z.unknown())) } },
  },
  ...opsOperations,
};

/** The security scheme of each signature kind (components.securitySchemes below). */
const signatureSchemes: Record<Extract<RouteAuth, { kind: 'signature' }>['scheme'], string> = {
  'standard-webhooks': 'standardWebhooks',
  'paygov-mac': 'paygovMac',
  'vnpay-hmac': 'vnpayHmac',
  'momo-hmac': 'momoHmac',
};

export function buildOpenApiDocument() {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const own = operations[route.operationId];
    const operation: ZodOpenApiOperationObject = {
      operationId: route.operationId,
      summary: route.summary,
      ...own,
      // The route's own descriptions win; the gateway's answers fill in the rest.
      responses: { ...gatewayAnswers, ...(route.auth.kind === 'apiKey' ? authorizerAnswers : {}), ...own.responses },
      ...(route.auth.kind === 'apiKey'
        ? { security: [{ apiKey: [] }], 'x-scopes': [...route.auth.scopes] }
        : route.auth.kind === 'signature'
          ? { security: [{ [signatureSchemes[route.auth.scheme]]: [] }] }
          : { security: [] }),
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Lienthong — Ho Chi Minh City integration gateway',
      version: '1.0.0',
      description:
        'Connects the city dossier system with the National Public Service Portal, the Project 06 population database and the shared e-payment platform. Errors are RFC 9457 problem documents.',
    },
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>; keys carry scopes' },
        standardWebhooks: { type: 'apiKey', in: 'header', name: 'webhook-signature', description: 'Standard Webhooks signature (with webhook-id and webhook-timestamp)' },
        // OpenAPI has no scheme for a MAC inside a JSON body; `http` with the provider's own scheme name, and the
        // `x-signature` extension says exactly where the MAC is and how it is computed.
        paygovMac: {
          type: 'http',
          scheme: 'paygov-mac',
          description: 'Not an Authorization header: the body field `MaXacThuc` = hex SHA-256 of the pipe-joined Confirm fields followed by the partner secret (PayGov 1.0.6; a plain hash, not an HMAC).',
          'x-signature': { in: 'body', field: 'MaXacThuc', algorithm: 'SHA-256', signedFields: 'LoaiBanTin|MaLoi|MaDoiTac|MaThamChieu|SoTien|MaTienTe|MaGiaoDich|MaNganHang|ThoiGianGD|ThongTinGiaoDich|secret' },
        },
        vnpayHmac: {
          type: 'apiKey',
          in: 'query',
          name: 'vnp_SecureHash',
          description: 'VNPay 2.1.0: hex HMAC-SHA512 (hash secret) over every other vnp_* query parameter, sorted by name, URL-encoded with spaces as `+`, joined `k=v&…`.',
        },
        momoHmac: {
          type: 'http',
          scheme: 'momo-hmac',
          description: 'Not an Authorization header: the body field `signature` = hex HMAC-SHA256 (secret key) over `accessKey=…&amount=…&extraData=…&message=…&orderId=…&orderInfo=…&orderType=…&partnerCode=…&payType=…&requestId=…&responseTime=…&resultCode=…&transId=…` (MoMo AIO v2).',
          'x-signature': { in: 'body', field: 'signature', algorithm: 'HMAC-SHA256' },
        },
      },
    },
  });
}
