import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { queues, tables } from '../../infra/topology/resources';
import { pascal } from '../../infra/constructs/construct-ids';
import { logicalIdIn } from '../support/cdk-template';

let template: Template;

const logicalId = (type: string, path: string) => logicalIdIn(template, type, path);

beforeAll(() => {
  const { stack } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false });
  template = Template.fromStack(stack);
});

describe('tables', () => {
  it('creates one table per definition in infra/topology/resources.ts', () => {
    // Prepare
    const expected = Object.keys(tables).length;

    // Act
    const found = template.findResources('AWS::DynamoDB::GlobalTable');

    // Assess
    expect(Object.keys(found)).toHaveLength(expected);
  });

  it.each(Object.entries(tables))('keys the %s table as defined', (_key, definition) => {
    // Prepare
    const keySchema = [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      ...('sortKey' in definition ? [{ AttributeName: definition.sortKey, KeyType: 'RANGE' }] : []),
    ];

    // Act & Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { KeySchema: keySchema });
  });

  it('bills on demand, encrypts with a KMS key and keeps point-in-time recovery on for every table', () => {
    // Prepare
    const found = template.findResources('AWS::DynamoDB::GlobalTable');

    // Act
    const properties = Object.values(found).map((resource) => resource.Properties);

    // Assess
    for (const table of properties) {
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it.each(Object.entries(tables).filter(([, definition]) => 'timeToLiveAttribute' in definition))(
    'expires %s items through their TTL attribute',
    (_key, definition) => {
      // Prepare
      const attribute = (definition as { timeToLiveAttribute: string }).timeToLiveAttribute;

      // Act & Assess
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: Match.arrayWith([{ AttributeName: definition.partitionKey, KeyType: 'HASH' }]),
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      });
    },
  );

  it('retains every table when the stack is deleted', () => {
    // Prepare
    const found = template.findResources('AWS::DynamoDB::GlobalTable');

    // Act
    const policies = Object.values(found).map((resource) => [resource.DeletionPolicy, resource.UpdateReplacePolicy]);

    // Assess
    for (const policy of policies) expect(policy).toEqual(['Retain', 'Retain']);
  });

  it('creates the sparse portal-sync-pending index on the dossiers table', () => {
    // Prepare
    const [index] = tables.dossiers.indexes;

    // Act & Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: Match.arrayWith([{ AttributeName: tables.dossiers.partitionKey, KeyType: 'HASH' }]),
      GlobalSecondaryIndexes: [
        {
          IndexName: index?.name,
          KeySchema: [
            { AttributeName: index?.partitionKey, KeyType: 'HASH' },
            { AttributeName: index?.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });
});

describe('queues', () => {
  it.each(Object.entries(queues))(
    'gives %s a dead-letter queue after its maxReceiveCount, with its visibility and retention',
    (key, definition) => {
      // Prepare
      const queue = logicalId('AWS::SQS::Queue', `Storage${pascal(key)}Queue`);
      const deadLetterQueue = logicalId('AWS::SQS::Queue', `Storage${pascal(key)}DeadLetterQueue`);

      // Act
      const properties = template.toJSON().Resources;

      // Assess
      expect(properties[queue].Properties).toEqual({
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        MessageRetentionPeriod: definition.retentionDays * 86_400,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterQueue, 'Arn'] }, maxReceiveCount: definition.maxReceiveCount },
        SqsManagedSseEnabled: true,
      });
      expect(properties[deadLetterQueue].Properties).toEqual({
        MessageRetentionPeriod: definition.deadLetter.retentionDays * 86_400,
        SqsManagedSseEnabled: true,
      });
    },
  );

  it('encrypts every queue with SQS-managed keys', () => {
    // Prepare
    const found = template.findResources('AWS::SQS::Queue');

    // Act
    const encrypted = Object.values(found).map((resource) => resource.Properties.SqsManagedSseEnabled);

    // Assess
    expect(encrypted).toHaveLength(Object.keys(queues).length * 2);
    expect(encrypted.every(Boolean)).toBe(true);
  });

  it('denies every request to every queue that does not use TLS', () => {
    // Prepare
    const queueCount = Object.keys(queues).length * 2;

    // Act
    const policies = template.findResources('AWS::SQS::QueuePolicy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
    });

    // Assess
    expect(Object.keys(policies)).toHaveLength(queueCount);
  });
});
