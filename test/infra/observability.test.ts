import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { alarmLogLines, coordinationRetryReasons, metricNamespace, partnerAlarmThresholds } from '../../infra/constructs/observability';
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

/** A metric-math query of an alarm that reads a metric-filter metric. */
const logMetric = (id: string, metricName: string, period: number) =>
  Match.objectLike({ Id: id, MetricStat: Match.objectLike({ Metric: { Namespace: metricNamespace, MetricName: metricName }, Period: period, Stat: 'Sum' }) });

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

  it('adds no error-log alarm to functions that call no partner from a queue', () => {
    // Act
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).filter(
      (filter) => filter.Properties.FilterPattern === '{ $.level = "ERROR" }',
    );

    // Assess
    expect(filters).toHaveLength(workers.length);
  });

  it.each(workers)('counts the retries of failed partner calls the %s worker schedules, leaving out coordination retries', (key) => {
    // Prepare
    const { logGroup } = functionAndLogs(key);

    // Act & Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroup },
      FilterPattern:
        '{ ($.level = "WARN") && ($.message = "message retry scheduled") && ($.reason != "dossier-busy") && ($.reason != "deferred-behind-backoff") }',
      MetricTransformations: [{ MetricNamespace: metricNamespace, MetricName: `${pascal(key)}PartnerRetries`, MetricValue: '1' }],
    });
  });

  it.each(workers)('alarms when the %s worker schedules 20 or more partner retries in 15 minutes', (key) => {
    // Act
    const alarm = alarmNamed(`${pascal(key)}RetriesHighAlarm`);

    // Assess
    expect(alarm.Properties).toMatchObject({
      Namespace: metricNamespace,
      MetricName: `${pascal(key)}PartnerRetries`,
      Statistic: 'Sum',
      Period: 900,
      EvaluationPeriods: 1,
      Threshold: 20,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(partnerAlarmThresholds.workerRetriesPer15Minutes).toBe(20);
  });
});

describe('identity alarms (verify-citizen and the population database)', () => {
  it("counts `circuit opened` WARN lines in verify-citizen's own log group", () => {
    // Prepare
    const { logGroup } = functionAndLogs('verifyCitizen');

    // Act & Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroup },
      FilterPattern: '{ ($.level = "WARN") && ($.message = "circuit opened") }',
      MetricTransformations: [{ MetricNamespace: metricNamespace, MetricName: 'VerifyCitizenCircuitOpened', MetricValue: '1' }],
    });
  });

  it('alarms as soon as the circuit breaker opens once in five minutes', () => {
    // Act
    const alarm = alarmNamed('IdentityCircuitOpenAlarm');

    // Assess
    expect(alarm.Properties).toMatchObject({
      Namespace: metricNamespace,
      MetricName: 'VerifyCitizenCircuitOpened',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it("counts `request failed` ERROR lines in verify-citizen's own log group", () => {
    // Prepare
    const { logGroup } = functionAndLogs('verifyCitizen');

    // Act & Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroup },
      FilterPattern: '{ ($.level = "ERROR") && ($.message = "request failed") }',
      MetricTransformations: [{ MetricNamespace: metricNamespace, MetricName: 'VerifyCitizenRequestsFailed', MetricValue: '1' }],
    });
  });

  it('alarms on the share of failed verifications (logged failures and Lambda errors over calls), once calls are enough', () => {
    // Prepare
    const { fn } = functionAndLogs('verifyCitizen');

    // Act
    const alarm = alarmNamed('IdentityFailureRateAlarm');

    // Assess
    expect(alarm.Properties).toMatchObject({
      Threshold: 20,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 20,
      Metrics: Match.arrayWith([
        Match.objectLike({
          Expression: 'IF(FILL(calls, 0) >= 5, 100 * (FILL(failed, 0) + FILL(crashes, 0)) / calls, 0)',
          ReturnData: true,
        }),
        logMetric('failed', 'VerifyCitizenRequestsFailed', 300),
        lambdaMetric('crashes', 'Errors', fn, 300),
        lambdaMetric('calls', 'Invocations', fn, 300),
      ]),
    });
  });
});

describe('payment alarms', () => {
  it("counts `payment confirmation rejected` WARN lines in the confirmation function's own log group", () => {
    // Prepare
    const { logGroup } = functionAndLogs('paymentConfirmation');

    // Act & Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroup },
      FilterPattern: '{ ($.level = "WARN") && ($.message = "payment confirmation rejected") }',
      MetricTransformations: [{ MetricNamespace: metricNamespace, MetricName: 'PaymentConfirmationRejected', MetricValue: '1' }],
    });
  });

  it('alarms on five or more rejected confirmations in fifteen minutes', () => {
    // Act
    const alarm = alarmNamed('PaymentConfirmationsRejectedAlarm');

    // Assess
    expect(alarm.Properties).toMatchObject({
      Namespace: metricNamespace,
      MetricName: 'PaymentConfirmationRejected',
      Statistic: 'Sum',
      Period: 900,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it("counts `payment reconciliation had errors` ERROR lines in the reconciler's own log group", () => {
    // Prepare
    const { logGroup } = functionAndLogs('paymentReconciler');

    // Act & Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroup },
      FilterPattern: '{ ($.level = "ERROR") && ($.message = "payment reconciliation had errors") }',
      MetricTransformations: [{ MetricNamespace: metricNamespace, MetricName: 'PaymentReconcilerErrorRuns', MetricValue: '1' }],
    });
  });

  it('alarms on the first VNPay-direct payment expired unverified, counted from the reconciler\'s WARN line', () => {
    // Prepare
    const { logGroup } = functionAndLogs('paymentReconciler');

    // Act & Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroup },
      FilterPattern: '{ ($.level = "WARN") && ($.message = "payment expired unverified") }',
      MetricTransformations: [{ MetricNamespace: metricNamespace, MetricName: 'PaymentReconcilerExpiredUnverified', MetricValue: '1' }],
    });
    expect(alarmNamed('PaymentsExpiredUnverifiedAlarm').Properties).toMatchObject({
      Threshold: partnerAlarmThresholds.unverifiedExpiriesPer15Minutes,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      MetricName: 'PaymentReconcilerExpiredUnverified',
      Namespace: metricNamespace,
      Period: 900,
      Statistic: 'Sum',
    });
  });

  it('alarms when reconciler runs with errors and reconciler crashes add up to two in fifteen minutes', () => {
    // Prepare
    const { fn } = functionAndLogs('paymentReconciler');

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(errorRuns, 0) + FILL(crashes, 0)', ReturnData: true }),
        logMetric('errorRuns', 'PaymentReconcilerErrorRuns', 900),
        lambdaMetric('crashes', 'Errors', fn, 900),
      ]),
    });
  });
});

describe('log lines the alarms count', () => {
  it.each(Object.entries(alarmLogLines))('%s: the function code still logs exactly this line', (_name, line) => {
    // Prepare
    const source = readFileSync(line.source, 'utf8');

    // Act & Assess: a reworded message or a changed level would silence the alarm without a sound.
    expect(source).toContain(`logger.${line.level.toLowerCase()}('${line.message}'`);
  });

  it('logs rejected confirmations in the one place every refusal passes, and nowhere else (no double count)', () => {
    // Act
    const line = `logger.warn('${alarmLogLines.confirmationRejected.message}'`;
    const callbacks = ['paygov-callback.ts', 'vnpay-callback.ts', 'momo-callback.ts', 'provider-callback.ts'].map((file) => `functions/payment-confirmation/${file}`);

    // Assess
    expect(readFileSync('functions/payment-confirmation/handler.ts', 'utf8')).toContain(line);
    for (const file of callbacks) expect(readFileSync(file, 'utf8')).not.toContain(line);
  });

  it('leaves out retry reasons that the portal-sync worker really uses for coordination', () => {
    // Prepare
    const source = readFileSync('functions/core/portal-sync.ts', 'utf8');

    // Act & Assess
    for (const reason of coordinationRetryReasons) expect(source).toContain(`new RetryLaterError('${reason}'`);
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

  it('graphs the partner metrics and lists the reasons workers retry', () => {
    // Act
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);

    // Assess
    for (const metric of ['VerifyCitizenCircuitOpened', 'VerifyCitizenRequestsFailed', 'PaymentConfirmationRejected', 'PaymentReconcilerErrorRuns']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('PortalSyncPartnerRetries');
    expect(body).toContain('CityDeliveryPartnerRetries');
    expect(body).toContain('stats count(*) as retries by queue, reason');
  });
});
