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
  it('creates one table per definition in contracts/platform/resources.ts', () => {
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

  it.each([
    ['dossiers', tables.dossiers],
    ['events', tables.events],
  ] as const)('creates the sparse indexes of the %s table (sync pending, verifier list, undelivered events)', (_name, table) => {
    // Prepare
    const expected = table.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    // Act & Assess
    expect(expected.length).toBeGreaterThan(0);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: Match.arrayWith([{ AttributeName: table.partitionKey, KeyType: 'HASH' }]),
      GlobalSecondaryIndexes: expected,
    });
  });
});
