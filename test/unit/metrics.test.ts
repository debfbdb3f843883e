import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayMetricKey } from '../../contracts/platform/metrics';
import { circuits, gatewayMetrics, metricDimensions, metricsNamespace } from '../../contracts/platform/metrics';
import { ledgerPartners } from '../../functions/core/ledger/ledger-record';
import type { PartnerGatePorts } from '../../functions/core/partners/partner-gate';
import { PartnerGate } from '../../functions/core/partners/partner-gate';
import { healthyPartner } from '../../functions/core/partners/partner-health';
import { RetryLaterError } from '../../functions/core/partners/worker-outcomes';
import { ValidationError } from '../../functions/core/errors';
import { captureEmf } from '../support/emf-capture';
import { lambdaContext, proxyEventFor } from '../support/proxy-event';

/**
 * The gateway's EMF metrics, emitted by the real code paths (stores mocked with aws-sdk-client-mock)
 * and read back as CloudWatch would: namespace, name, unit, dimension sets and values exactly as
 * contracts/platform/metrics.ts declares them, which is what the stack's alarms read
 * (test/infra/observability.test.ts checks that side).
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let capture: ReturnType<typeof captureEmf>;

beforeAll(() => {
  Object.assign(process.env, {
    LEDGER_TABLE: 'ledger',
    PAYMENTS_TABLE: 'payments',
    PORTAL_SYNC_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/portal-sync',
    PORTAL_SYNC_DLQ_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/portal-sync-dlq',
    PAYGOV_BASE_URL: 'https://paygov.example',
    VNPAY_PAY_URL: 'https://vnpay.example/pay',
    PAYGOV_CREDENTIALS: JSON.stringify({ partnerCode: 'HCM-TEST', secret: 'paygov-secret-123' }),
    VNPAY_CREDENTIALS: JSON.stringify({ tmnCode: 'LTTEST01', hashSecret: 'VNPAYSECRETVNPAYSECRET' }),
    MOMO_CREDENTIALS: JSON.stringify({ partnerCode: 'MOMOTEST', accessKey: 'ACCESSKEY', secretKey: 'MOMOSECRETMOMOSECRET' }),
  });
});
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  capture = captureEmf();
});
afterEach(() => capture.restore());

/**
 * Asserts that one event of `key` was emitted with these dimension values and this value: one line
 * per declared dimension set, each in the Lienthong namespace with the declared unit.
 */
function expectEmitted(key: GatewayMetricKey, values: Record<string, string>, value = 1): void {
  const metric = gatewayMetrics[key];
  const lines = capture.of(key);
  expect(lines.map((line) => line._aws.CloudWatchMetrics[0]!.Dimensions), metric.name).toEqual(metric.dimensionSets.map((set) => [['service', ...set]]));
  lines.forEach((line, set) => {
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive!.Namespace).toBe(metricsNamespace);
    expect(directive!.Metrics).toContainEqual({ Name: metric.name, Unit: metric.unit });
    expect(line).toMatchObject({ ...metricDimensions(metric, values, set), [metric.name]: value });
  });
}

describe('exchanges', () => {
  it('counts and times each exchange by partner × outcome and partner × operation × outcome, without a Powertools warning', async () => {
    const { recordExchangeMetrics } = await import('../../functions/observability/metrics');
    recordExchangeMetrics({ partner: 'portal', operation: 'DongBoHoSoMC', outcome: 'retryable', durationMs: 42, direction: 'outbound' });
    expectEmitted('partnerCalls', { partner: 'portal', operation: 'DongBoHoSoMC', outcome: 'retryable' });
    expectEmitted('partnerLatency', { partner: 'portal', operation: 'DongBoHoSoMC', outcome: 'retryable' }, 42);
    expect(capture.warnings()).toBe('');
  });

  it('does not count a caller refused at the door against the partner', async () => {
    const { recordExchangeMetrics } = await import('../../functions/observability/metrics');
    recordExchangeMetrics({ partner: 'payment', operation: 'momo-ipn', outcome: 'rejected', durationMs: 1, direction: 'inbound' });
    expect(capture.lines()).toEqual([]);
  });

  it('prints nothing when metrics are disabled, as the twin runs them', async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { emitMetric } = await import('../../functions/observability/metrics');
    emitMetric('partnerRetries', { queue: 'portalSync', reason: 'portal-http-503' });
    expect(capture.lines()).toEqual([]);
    expect(capture.warnings()).toBe('');
  });
});

describe('the ledger', () => {
  const entry = { partner: 'city', direction: 'outbound', operation: 'deliver', outcome: 'ok', durationMs: 5, messageId: 'm-1' } as const;

  it('counts a record written by partner', async () => {
    const { appendLedger } = await import('../../functions/adapters/ledger/ledger-store');
    dynamo.on(PutCommand).resolves({});
    expect(await appendLedger(entry as never)).toBeDefined();
    expectEmitted('ledgerAppends', { partner: 'city' });
    expect(capture.of('ledgerAppendFailures')).toEqual([]);
  });

  it('counts a record an earlier attempt wrote (its answer lost) once, as written', async () => {
    const { appendLedger } = await import('../../functions/adapters/ledger/ledger-store');
    dynamo
      .on(PutCommand)
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} }))
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    expect(await appendLedger(entry as never)).toBeDefined();
    expectEmitted('ledgerAppends', { partner: 'city' });
  });

  it('counts a record that could not be written after its retries as a failure, by partner', async () => {
    const { appendLedger } = await import('../../functions/adapters/ledger/ledger-store');
    dynamo.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} }));
    expect(await appendLedger(entry as never)).toBeUndefined();
    expectEmitted('ledgerAppendFailures', { partner: 'city' });
    expect(capture.of('ledgerAppends')).toEqual([]);
  });

  it("counts each partner the sealer could not seal, by partner", async () => {
    const { handler } = await import('../../functions/ledger-sealer/handler');
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(GetCommand).rejects(new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} }));
    await expect(handler({} as never, lambdaContext)).rejects.toThrow('ledger sealing failed');
    const lines = capture.of('ledgerSealingFailures');
    expect(lines.map((line) => line.partner)).toEqual([...ledgerPartners]);
    for (const line of lines) expect(line).toMatchObject({ service: 'lienthong', LedgerSealingFailures: 1 });
  });
});

describe('partners', () => {
  it('counts a circuit breaker opening, by circuit', async () => {
    const { withCircuitBreaker } = await import('../../functions/adapters/identity/circuit-breaker');
    const breaker = withCircuitBreaker(circuits.populationDb, async () => Promise.reject(new Error('down')), { errorThresholdPercentage: 50, volumeThreshold: 2, resetTimeoutMs: 60_000 });
    for (let i = 0; i < 3; i++) await breaker.fire().catch(() => undefined);
    expect(breaker.state).toBe('open');
    expectEmitted('breakerOpened', { circuit: circuits.populationDb });
  });

  it('counts a retry of a failed partner call by queue and by queue × reason, and no coordination deferral', async () => {
    const { queueWorker } = await import('../../functions/queue/worker');
    const { partnerRetryCounter } = await import('../../functions/queue/partner-gated');
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const record = (id: string) => ({ messageId: id, receiptHandle: `rh-${id}`, body: '{}', attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {} }) as unknown as SQSRecord;
    const handler = queueWorker('portalSync', async (r) => {
      if (r.messageId === 'failed') throw new RetryLaterError('portal-http-503', 40, 'down');
      throw new RetryLaterError('dossier-busy', 3, 'another worker has it', { expected: true });
    }, { onRetry: partnerRetryCounter('portalSync') });
    const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'r' } as unknown as Context;
    await handler({ Records: [record('failed'), record('busy')] }, context);
    expectEmitted('partnerRetries', { queue: 'portalSync', reason: 'portal-http-503' });
  });

  it('counts a message parked while its partner is down, by partner', async () => {
    const { partnerGated } = await import('../../functions/queue/partner-gated');
    const down = { ...healthyPartner('portal'), state: 'down' as const };
    const gate = new PartnerGate('portal', { read: async () => down, settings: { cacheMs: 1000 }, now: () => new Date() } as unknown as PartnerGatePorts);
    const parked: string[] = [];
    const process = partnerGated(() => gate, { park: async (r) => void parked.push(r.body), oneParked: async () => undefined, release: async () => 0 }, async () => {
      throw new Error('the partner must not be called while it is down');
    });
    await process({ messageId: 'm', body: '{"dossierCode":"H29-1","version":1}', messageAttributes: {} } as unknown as SQSRecord);
    expect(parked).toHaveLength(1);
    expectEmitted('parkedItems', { partner: 'portal' });
  });
});

describe('the API', () => {
  it('counts a request answered 5xx by route, and not a request the caller got wrong', async () => {
    const { httpEndpoint } = await import('../../functions/http/endpoint');
    const { emitMetric } = await import('../../functions/observability/metrics');
    // As verify-citizen wires it (the one function whose alarm counts its 5xx answers).
    const failing = httpEndpoint({ onServerError: (route) => emitMetric('requestsFailed', { route }) }, async ({ event }) => {
      if (event.path.endsWith('bad')) throw new ValidationError([{ location: 'body', path: 'x', message: 'wrong' }] as never);
      throw new Error('store unavailable');
    });
    // The resource, not the path: a dossier code in a dimension would make a metric per dossier.
    const resource = '/v1/dossiers/{dossierCode}';
    expect((await failing(proxyEventFor({ method: 'PUT', resource, path: '/v1/dossiers/bad' }), lambdaContext)).statusCode).toBe(422);
    expect(capture.of('requestsFailed')).toEqual([]);
    expect((await failing(proxyEventFor({ method: 'PUT', resource, path: '/v1/dossiers/H29-1' }), lambdaContext)).statusCode).toBe(500);
    expectEmitted('requestsFailed', { route: resource });
  });

  it('counts the 503s verify-citizen answers while the population database is unreachable, by route', async () => {
    // Prepare: a relay nobody listens on (connection refused at once), the ledger accepting its records.
    Object.assign(process.env, {
      IDENTITY_RELAY_URL: 'http://127.0.0.1:1/relay',
      IDENTITY_RELAY_CREDENTIALS: JSON.stringify({ token: 't', integrationCode: 'c' }),
      LEDGER_HMAC_KEY: 'a-ledger-hmac-key-for-tests',
      IDENTITY_TIMEOUT_MS: '500',
    });
    dynamo.on(PutCommand).resolves({});
    const { handler } = await import('../../functions/verify-citizen/handler');
    const body = JSON.stringify({ personalId: '079090012345', fullName: 'Nguyễn Văn A', dateOfBirth: '1990-01-01', purpose: { code: 'HT', text: 'hộ tịch' }, officerId: 'cb-1' });
    const resource = '/v1/citizens/verifications';

    // Act
    const answer = await handler(proxyEventFor({ method: 'POST', resource, path: resource, body }), lambdaContext);

    // Assess
    expect(answer.statusCode, answer.body).toBe(503);
    expectEmitted('requestsFailed', { route: resource });
  });

  it('counts a payment confirmation refused for good (a forged signature), by provider', async () => {
    const { handler } = await import('../../functions/payment-confirmation/handler');
    dynamo.on(PutCommand, { TableName: 'ledger' }).resolves({});
    const { paygovMac } = await import('../../functions/core/payment/payment-signatures');
    const { paygovConfirmMacFields } = await import('../../contracts/payment/paygov');
    const fields = { LoaiBanTin: 'CONFIRM', MaLoi: '00', MaDoiTac: 'HCM-TEST', MaThamChieu: 'LT261130ABCDEFGHJK', SoTien: 8000, MaTienTe: 'VND', MaGiaoDich: 'GD1', MaNganHang: 'VCB', ThoiGianGD: '20261130100000', ThongTinGiaoDich: 'x' };
    const body = JSON.stringify({ ...fields, MaXacThuc: paygovMac(fields, paygovConfirmMacFields, 'not-the-secret') });
    const answer = await handler(proxyEventFor({ method: 'POST', resource: '/v1/payments/callbacks/paygov', path: '/v1/payments/callbacks/paygov', body }), lambdaContext);
    expect(JSON.parse(answer.body)).toMatchObject({ MaLoi: '97' });
    expectEmitted('paymentConfirmationsRejected', { provider: 'paygov' });
  });
});
