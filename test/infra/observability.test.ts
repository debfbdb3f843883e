import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import { overviewParts } from '../../contracts/api/ops';
import type { GatewayMetricKey } from '../../contracts/platform/metrics';
import { circuits, gatewayMetrics, metricDimensions, metricsNamespace } from '../../contracts/platform/metrics';
import { ledgerPartners } from '../../functions/core/ledger/ledger-record';
import { paymentProviders } from '../../functions/core/payment/payment-records';
import { buildApp } from '../../infra/app';
import { metricNamespace, partnerAlarmThresholds } from '../../infra/constructs/observability';
import type { FunctionDefinition, FunctionKey } from '../../infra/topology/functions';
import { functions } from '../../infra/topology/functions';
import { queues } from '../../infra/topology/resources';

let template: Template;

beforeAll(() => {
  const { stack } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false });
  template = Template.fromStack(stack);
});

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/** The logical ids of a function and of the log group it writes to. */
function functionAndLogs(key: string): { fn: string; logGroup: string } {
  const ids = Object.keys(template.findResources('AWS::Lambda::Function'));
  const fn = ids.find((id) => new RegExp(`^Functions${pascal(key)}[0-9A-F]{8}$`).test(id)) ?? `missing ${key}`;
  return { fn, logGroup: template.toJSON().Resources[fn].Properties.LoggingConfig.LogGroup.Ref };
}

/** The alarm (there must be exactly one) whose logical id starts with `Observability<name>`. */
function alarmNamed(name: string): { Properties: Record<string, unknown> } {
  const matches = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) =>
    new RegExp(`^Observability${name}[0-9A-F]{8}$`).test(id),
  );
  expect(matches).toHaveLength(1);
  return matches[0]![1] as { Properties: Record<string, unknown> };
}

/**
 * One metric as an alarm reads it: namespace, name, dimensions sorted by name, period, statistic.
 * Written the same way for the alarm's side and for what the functions emit, so a renamed metric,
 * a dimension added or dropped on either side, or a wrong namespace breaks the comparison.
 */
type Read = { metric: string; period: number; stat: string };
const describeMetric = (namespace: string, name: string, dimensions: { Name: string; Value: unknown }[]) =>
  `${namespace}/${name}{${[...dimensions]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map((d) => `${d.Name}=${typeof d.Value === 'string' ? d.Value : JSON.stringify(d.Value)}`)
    .join(',')}}`;

/** Every metric an alarm reads, whether it is a single-metric alarm or a metric-math one. */
function metricsRead(alarm: { Properties: Record<string, any> }): Read[] {
  const p = alarm.Properties;
  if (p.MetricName) return [{ metric: describeMetric(p.Namespace, p.MetricName, p.Dimensions ?? []), period: p.Period, stat: p.Statistic ?? p.ExtendedStatistic }];
  return (p.Metrics as any[])
    .filter((m) => m.MetricStat)
    .map((m) => ({ metric: describeMetric(m.MetricStat.Metric.Namespace, m.MetricStat.Metric.MetricName, m.MetricStat.Metric.Dimensions ?? []), period: m.MetricStat.Period, stat: m.MetricStat.Stat }));
}

/** The expression an alarm's value comes from (metric-math alarms only). */
const returned = (alarm: { Properties: Record<string, any> }) => (alarm.Properties.Metrics as any[]).find((m) => m.ReturnData !== false)?.Expression as string;

/**
 * A metric exactly as the functions emit it (contracts/platform/metrics.ts): the dimension set
 * whose names are those given, plus `service`, which Powertools adds.
 */
function emitted(key: GatewayMetricKey, values: Record<string, string>): string {
  const metric = gatewayMetrics[key];
  const names = Object.keys(values).sort().join(',');
  const set = metric.dimensionSets.findIndex((s) => [...s].sort().join(',') === names);
  expect(set, `${metric.name} is emitted with dimensions ${names}`).toBeGreaterThanOrEqual(0);
  const dimensions = metricDimensions(metric, values, set);
  return describeMetric(metricsNamespace, metric.name, Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })));
}

/** A function's AWS/Lambda metric, as an alarm reads it. */
const lambda = (name: string, fn: string) => describeMetric('AWS/Lambda', name, [{ Name: 'FunctionName', Value: { Ref: fn } }]);

/** A metric-math query of an alarm that reads one of a function's AWS/Lambda metrics. */
const lambdaMetric = (id: string, metricName: string, fn: string, period: number) =>
  Match.objectLike({
    Id: id,
    MetricStat: Match.objectLike({
      Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }] },
      Period: period,
      Stat: 'Sum',
    }),
  });

/** The logical ids of a queue and of its DLQ; construct ids follow the topology keys. */
function queuePair(key: string): { queue: string; deadLetterQueue: string } {
  const ids = Object.keys(template.findResources('AWS::SQS::Queue'));
  const find = (path: string) => ids.find((id) => new RegExp(`^${path}[0-9A-F]{8}$`).test(id)) ?? `missing ${path}`;
  return { queue: find(`Storage${pascal(key)}Queue`), deadLetterQueue: find(`Storage${pascal(key)}DeadLetterQueue`) };
}

describe('queue alarms', () => {
  it.each(Object.keys(queues))('alarms as soon as the %s dead-letter queue holds a message', (key) => {
    // Prepare
    const { deadLetterQueue } = queuePair(key);

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueue, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(Object.keys(queues))('alarms when the oldest %s message has waited over an hour', (key) => {
    // Prepare
    const { queue } = queuePair(key);

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      Threshold: 3600,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('partner worker alarms', () => {
  const workers = (Object.entries(functions) as [FunctionKey, FunctionDefinition][])
    .filter(([, definition]) => definition.queueTrigger !== undefined && (definition.partners ?? []).length > 0)
    .map(([key]) => key);

  it('covers the portal-sync and city-delivery workers', () => {
    // Act & Assess
    expect(workers).toEqual(expect.arrayContaining(['cityDelivery', 'portalSync']));
  });

  it.each(workers)("counts ERROR lines in the %s worker's own log group", (key) => {
    // Prepare
    const { logGroup } = functionAndLogs(key);

    // Act & Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroup },
      FilterPattern: '{ $.level = "ERROR" }',
      MetricTransformations: [{ MetricNamespace: metricNamespace, MetricName: `${pascal(key)}ErrorLogs`, MetricValue: '1' }],
    });
  });

  it.each(workers)('alarms when the %s worker logs errors or Lambda counts errors, a few in five minutes', (key) => {
    // Prepare
    const { fn } = functionAndLogs(key);

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(errorLogs, 0) + FILL(crashes, 0)', ReturnData: true }),
        Match.objectLike({
          Id: 'errorLogs',
          MetricStat: Match.objectLike({ Metric: { Namespace: metricNamespace, MetricName: `${pascal(key)}ErrorLogs` }, Period: 300, Stat: 'Sum' }),
        }),
        Match.objectLike({
          Id: 'crashes',
          MetricStat: Match.objectLike({
            Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }] },
            Period: 300,
            Stat: 'Sum',
          }),
        }),
      ]),
    });
  });

  it('keeps the generic ERROR-level filters of the partner workers as the only log metric filters (no message strings)', () => {
    // Act
    const patterns = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((filter) => filter.Properties.FilterPattern);

    // Assess
    expect(patterns).toEqual(workers.map(() => '{ $.level = "ERROR" }'));
  });

  it.each(workers)('alarms when the %s worker schedules 20 or more partner retries in 15 minutes, from the PartnerRetries metric of its queue', (key) => {
    // Prepare
    const queue = (functions[key] as FunctionDefinition).queueTrigger!.queue;

    // Act
    const alarm = alarmNamed(`${pascal(key)}RetriesHighAlarm`);

    // Assess
    expect(metricsRead(alarm)).toEqual([{ metric: emitted('partnerRetries', { queue }), period: 900, stat: 'Sum' }]);
    expect(alarm.Properties).toMatchObject({ EvaluationPeriods: 1, Threshold: 20, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(partnerAlarmThresholds.workerRetriesPer15Minutes).toBe(20);
  });
});

describe('identity alarms (verify-citizen and the population database)', () => {
  it('alarms as soon as the circuit breaker to the population database opens once in five minutes', () => {
    // Act
    const alarm = alarmNamed('IdentityCircuitOpenAlarm');

    // Assess
    expect(metricsRead(alarm)).toEqual([{ metric: emitted('breakerOpened', { circuit: circuits.populationDb }), period: 300, stat: 'Sum' }]);
    expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
  });

  it("alarms on the share of failed verifications: RequestsFailed of verify-citizen's routes and Lambda errors over calls, once calls are enough", () => {
    // Prepare
    const { fn } = functionAndLogs('verifyCitizen');
    const verifyRoutes = (routes as readonly Route[]).filter((route) => route.function === 'verifyCitizen').map((route) => route.path);
    expect(verifyRoutes.length).toBeGreaterThan(0);

    // Act
    const alarm = alarmNamed('IdentityFailureRateAlarm');

    // Assess
    expect(alarm.Properties).toMatchObject({ Threshold: 20, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(returned(alarm)).toBe('IF(FILL(calls, 0) >= 5, 100 * (FILL(failed, 0) + FILL(crashes, 0)) / calls, 0)');
    expect(metricsRead(alarm)).toEqual(
      expect.arrayContaining([
        ...verifyRoutes.map((route) => ({ metric: emitted('requestsFailed', { route }), period: 300, stat: 'Sum' })),
        { metric: lambda('Errors', fn), period: 300, stat: 'Sum' },
        { metric: lambda('Invocations', fn), period: 300, stat: 'Sum' },
      ]),
    );
    expect(metricsRead(alarm)).toHaveLength(verifyRoutes.length + 2);
  });
});

describe('payment alarms', () => {
  const perProvider = (key: GatewayMetricKey) => paymentProviders.map((provider) => ({ metric: emitted(key, { provider }), period: 900, stat: 'Sum' }));

  it('alarms on five or more rejected confirmations in fifteen minutes, all providers added up', () => {
    // Act
    const alarm = alarmNamed('PaymentConfirmationsRejectedAlarm');

    // Assess
    expect(metricsRead(alarm)).toEqual(perProvider('paymentConfirmationsRejected'));
    expect(returned(alarm)).toBe(paymentProviders.map((_, i) => `FILL(paymentConfirmationsRejected_${i}, 0)`).join(' + '));
    expect(alarm.Properties).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
  });

  it('alarms on the first payment expired unverified', () => {
    // Act
    const alarm = alarmNamed('PaymentsExpiredUnverifiedAlarm');

    // Assess
    expect(metricsRead(alarm)).toEqual(perProvider('paymentsExpiredUnverified'));
    expect(alarm.Properties).toMatchObject({
      Threshold: partnerAlarmThresholds.unverifiedExpiriesPer15Minutes,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(partnerAlarmThresholds.unverifiedExpiriesPer15Minutes).toBe(1);
  });

  it('alarms when reconciler runs with errors and reconciler crashes add up to two in fifteen minutes', () => {
    // Prepare
    const { fn } = functionAndLogs('paymentReconciler');

    // Act
    const alarm = alarmNamed('PaymentReconcilerFailingAlarm');

    // Assess
    expect(returned(alarm)).toBe('FILL(errorRuns, 0) + FILL(crashes, 0)');
    expect(metricsRead(alarm)).toEqual([
      { metric: emitted('reconcilerErrorRuns', {}), period: 900, stat: 'Sum' },
      { metric: lambda('Errors', fn), period: 900, stat: 'Sum' },
    ]);
    expect(alarm.Properties).toMatchObject({ Threshold: 2, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
  });
});

describe('portal and ledger alarms', () => {
  it('alarms on the first portal divergence in fifteen minutes', () => {
    // Act
    const alarm = alarmNamed('PortalDivergenceAlarm');

    // Assess
    expect(metricsRead(alarm)).toEqual([{ metric: emitted('portalDivergences', {}), period: 900, stat: 'Sum' }]);
    expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms on the first ledger record not written, whatever the partner', () => {
    // Act
    const alarm = alarmNamed('LedgerAppendsFailedAlarm');

    // Assess
    expect(metricsRead(alarm)).toEqual(ledgerPartners.map((partner) => ({ metric: emitted('ledgerAppendFailures', { partner }), period: 300, stat: 'Sum' })));
    expect(returned(alarm)).toBe(ledgerPartners.map((_, i) => `FILL(ledgerAppendFailures_${i}, 0)`).join(' + '));
    expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it("alarms on the first part of the operators' overview that could not be read, whatever the part", () => {
    // Act
    const alarm = alarmNamed('OpsOverviewDegradedAlarm');

    // Assess
    expect(metricsRead(alarm)).toEqual(overviewParts.map((part) => ({ metric: emitted('overviewPartsUnavailable', { part }), period: 300, stat: 'Sum' })));
    expect(returned(alarm)).toBe(overviewParts.map((_, i) => `FILL(overviewPartsUnavailable_${i}, 0)`).join(' + '));
    expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms when partners fail to seal, or the sealer crashes, three times in five minutes', () => {
    // Prepare
    const { fn } = functionAndLogs('ledgerSealer');

    // Act
    const alarm = alarmNamed('LedgerSealingFailingAlarm');

    // Assess
    expect(returned(alarm)).toBe('MAX([FILL(sealFailures, 0), FILL(sealCrashes, 0)])');
    expect(metricsRead(alarm)).toEqual([
      ...ledgerPartners.map((partner) => ({ metric: emitted('ledgerSealingFailures', { partner }), period: 300, stat: 'Sum' })),
      { metric: lambda('Errors', fn), period: 300, stat: 'Sum' },
    ]);
    expect(alarm.Properties).toMatchObject({ Threshold: 3, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it.each(['portal', 'city', 'identity', 'payment'])("alarms on the %s partner's error rate over 20 % from PartnerCalls by outcome, once calls are 10 or more", (partner) => {
    // Act
    const alarm = alarmNamed(`${pascal(partner)}ErrorRateAlarm`);

    // Assess
    expect(metricsRead(alarm)).toEqual(['ok', 'retryable', 'rejected'].map((outcome) => ({ metric: emitted('partnerCalls', { partner, outcome }), period: 900, stat: 'Sum' })));
    expect(returned(alarm)).toMatch(/^IF\(FILL\(ok,0\) \+ FILL\(retryable,0\) \+ FILL\(rejected,0\) >= 10, 100 \* \(FILL\(retryable,0\) \+ FILL\(rejected,0\)\)/);
    expect(alarm.Properties).toMatchObject({ Threshold: 20, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('reads, in every alarm on the Lienthong namespace, only metrics the functions emit', () => {
    // Prepare: every metric the definitions allow, in every dimension set, over the code lists the stack uses.
    const readsOwn = (read: Read) => read.metric.startsWith(`${metricsNamespace}/`) && !read.metric.includes('ErrorLogs{');
    const names = new Set(Object.values(gatewayMetrics).map((m) => m.name));

    // Act
    const reads = Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap((alarm) => metricsRead(alarm as never)).filter(readsOwn);

    // Assess
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      const name = read.metric.slice(metricsNamespace.length + 1, read.metric.indexOf('{'));
      expect(names, read.metric).toContain(name);
      expect(read.metric, 'service dimension').toContain('service=lienthong');
    }
  });
});

describe('API alarm', () => {
  it('alarms on server errors from the API', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});

describe('alarm notifications', () => {
  it('sends every alarm and its recovery to the alarm topic', () => {
    // Prepare
    const [topic] = Object.keys(template.findResources('AWS::SNS::Topic'));

    // Act
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    // Assess
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }]);
    }
  });

  it('accepts publications to the alarm topic over TLS only', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("lets this account's alarms publish, since the TLS-only policy replaces SNS's default one", () => {
    // Act & Assess
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': Match.anyValue() } }),
          }),
        ]),
      },
    });
  });
});

describe('dashboard', () => {
  it('creates one dashboard for the gateway', () => {
    // Act & Assess
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  /** The dashboard's metric rows: `[namespace, name, dimension, value, …, options]` or `[{ expression }]`. */
  function dashboardRows(): unknown[][] {
    const body = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody;
    // A Fn::Join of JSON text and references (inside strings): the references become a placeholder.
    const text = (body['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'ref')).join('');
    const widgets = JSON.parse(text).widgets as { properties: { metrics?: unknown[][] } }[];
    return widgets.flatMap((widget) => widget.properties.metrics ?? []);
  }

  it('graphs every gateway metric the functions emit, sync lag and partner latency at p50 and p99', () => {
    // Act
    const rows = dashboardRows();
    const statsOf = (name: string) => rows.filter((row) => row[0] === metricsNamespace && row[1] === name).map((row) => (row.at(-1) as { stat?: string }).stat);

    // Assess
    for (const metric of Object.values(gatewayMetrics)) expect(statsOf(metric.name), metric.name).not.toEqual([]);
    for (const name of [gatewayMetrics.portalSyncLag.name, gatewayMetrics.partnerLatency.name]) expect(statsOf(name)).toEqual(expect.arrayContaining(['p50', 'p99']));
  });

  it('searches the retries by queue and reason, the dimension set the workers emit', () => {
    // Act
    const expressions = dashboardRows().flatMap((row) => (typeof row[0] === 'object' && row[0] !== null ? [(row[0] as { expression: string }).expression] : []));

    // Assess
    const { name, dimensionSets } = gatewayMetrics.partnerRetries;
    expect(expressions).toContain(`SEARCH('{${metricsNamespace},service,${dimensionSets[1].join(',')}} MetricName="${name}"', 'Sum', 900)`);
  });
});
