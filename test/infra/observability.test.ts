import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
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
