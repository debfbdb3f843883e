import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { metricNamespace } from '../../infra/constructs/observability';
import type { FunctionDefinition, FunctionKey } from '../../infra/topology/functions';
import { functions } from '../../infra/topology/functions';
import { queues } from '../../infra/topology/resources';

let template: Template;

beforeAll(() => {
  const { stack } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false });
  template = Template.fromStack(stack);
});

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

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

  /** The logical ids of a function and of the log group it writes to. */
  function functionAndLogs(key: string): { fn: string; logGroup: string } {
    const ids = Object.keys(template.findResources('AWS::Lambda::Function'));
    const fn = ids.find((id) => new RegExp(`^Functions${pascal(key)}[0-9A-F]{8}$`).test(id)) ?? `missing ${key}`;
    return { fn, logGroup: template.toJSON().Resources[fn].Properties.LoggingConfig.LogGroup.Ref };
  }

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

  it('adds no error alarm to functions that call no partner from a queue', () => {
    // Act
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));

    // Assess
    expect(filters).toHaveLength(workers.length);
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
});
