import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, defaultAccount, defaultRegion } from '../../infra/app';
import type { GatewayStack } from '../../infra/gateway-stack';
import { gatewayStackName } from '../../infra/gateway-stack';
import { partnerDefinitions } from '../../infra/topology/partners';
import { queues, tables } from '../../infra/topology/resources';

let stack: GatewayStack;
let template: Template;

beforeAll(() => {
  // The CLI sets these from the caller's AWS configuration; without them the placeholders apply.
  vi.stubEnv('CDK_DEFAULT_ACCOUNT', undefined);
  vi.stubEnv('CDK_DEFAULT_REGION', undefined);
  ({ stack } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false }));
  template = Template.fromStack(stack);
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('gateway stack', () => {
  it('is named for the operator tools that read its outputs', () => {
    // Act & Assess
    expect(stack.stackName).toBe(gatewayStackName);
  });

  it('targets an explicit environment so synthesis never looks anything up', () => {
    // Act & Assess
    expect({ account: stack.account, region: stack.region }).toEqual({ account: defaultAccount, region: defaultRegion });
  });

  it('publishes the API URL, the console URL, every table name, every queue URL, every partner secret ARN and the ledger anchors and key as outputs', () => {
    // Prepare
    const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
    const expected = [
      'ApiUrl',
      'ConsoleUrl',
      'AlarmTopicArn',
      // What `npm run ops -- ledger verify --aws` needs besides the ledger table.
      'LedgerAnchorBucketName',
      'LedgerSigningKeyArn',
      ...Object.keys(tables).map((key) => `${pascal(key)}TableName`),
      ...Object.keys(queues).flatMap((key) => [`${pascal(key)}QueueUrl`, `${pascal(key)}DeadLetterQueueUrl`]),
      ...Object.keys(partnerDefinitions).map((key) => `${pascal(key)}SecretArn`),
    ];

    // Act
    const outputs = Object.keys(template.findOutputs('*'));

    // Assess
    expect(outputs.sort()).toEqual(expected.sort());
    expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'DossiersTableName', 'ClientsTableName', 'PortalSyncQueueUrl']));
  });

  it('tells operators to store partner values, and to keep the generated ledger key', () => {
    // Act
    const outputs = template.findOutputs('*');

    // Assess
    expect(outputs.CitySecretArn!.Description).toContain("Store the city partner's value here");
    expect(outputs.LedgerHmacSecretArn!.Description).toContain('generated at the first deployment');
    expect(outputs.LedgerHmacSecretArn!.Description).not.toContain('Store');
  });

  it('names the clients table in the output the key CLI reads', () => {
    // Prepare
    const clientsTable = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable')).find((id) =>
      /^StorageClientsTable[0-9A-F]{8}$/.test(id),
    );

    // Act & Assess
    template.hasOutput('ClientsTableName', { Value: { Ref: clientsTable } });
  });
});
