import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatewayCommandGroups } from '../../infra/cli/ops/gateway-commands';
import { pointAtTarget, UsageError } from '../../infra/cli/ops/target';
import { tables } from '../../infra/topology/resources';

/**
 * `npm run ops -- <command> --stack <name>`: the CLI finds a deployed stack's API and ledger
 * resources in its CloudFormation outputs (DescribeStacks, mocked here), never by hand-copied URLs.
 */
const cloudFormation = mockClient(CloudFormationClient);
const savedEnv = { ...process.env };

beforeEach(() => {
  cloudFormation.reset();
  for (const name of ['LIENTHONG_OPS_URL', 'LIENTHONG_OPS_KEY', 'LIENTHONG_STACK', tables.ledger.envVar, 'LEDGER_ANCHOR_BUCKET', 'LEDGER_SIGNING_KEY_ARN']) delete process.env[name];
});
afterEach(() => {
  process.env = { ...savedEnv };
});

const stackWith = (outputs: Record<string, string>) =>
  cloudFormation.on(DescribeStacksCommand, { StackName: 'Lienthong' }).resolves({
    Stacks: [{ StackName: 'Lienthong', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }],
  });

describe('ops CLI against a deployed stack', () => {
  it("sends a gateway command to the stack's ApiUrl output with the operator key", async () => {
    // Prepare: a stand-in for the API stage, answering the overview.
    const seen: { url?: string; authorization?: string } = {};
    const server = createServer((request, response) => {
      seen.url = request.url;
      seen.authorization = request.headers.authorization;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ generatedAt: '2026-11-30T00:00:00.000Z', partners: [], queues: [], stuck: { dossiers: 2 }, trend: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/`;
    stackWith({ ApiUrl: apiUrl, LedgerTableName: 'ledger-x' });
    const lines: string[] = [];

    try {
      // Act
      const code = await gatewayCommandGroups.health!.single.run({ values: { stack: 'Lienthong', key: 'lt_ops_key', json: true }, positionals: [], target: { description: 'the gateway API' }, out: (l) => lines.push(l) });

      // Assess
      expect(code).toBe(0);
      expect(seen).toEqual({ url: '/prod/v1/ops/overview', authorization: 'Bearer lt_ops_key' });
      expect(JSON.parse(lines.join('\n')).stuck.dossiers).toBe(2);
      expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('asks for an operator key before calling AWS: a stack keeps keys only as hashes', async () => {
    // Act
    const run = gatewayCommandGroups.stuck!.single.run({ values: { stack: 'Lienthong' }, positionals: [], target: { description: 'the gateway API' }, out: () => undefined });

    // Assess
    await expect(run).rejects.toThrow(UsageError);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  it('names the stack and the error when CloudFormation cannot describe it', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));

    // Act
    const run = gatewayCommandGroups.health!.single.run({ values: { stack: 'Nope', key: 'k' }, positionals: [], target: { description: 'the gateway API' }, out: () => undefined });

    // Assess
    await expect(run).rejects.toThrow(/stack Nope: ValidationError: Stack with id Nope does not exist/);
  });

  it("points the ledger commands at the stack's ledger table, anchor bucket and signing key", async () => {
    // Prepare
    stackWith({ LedgerTableName: 'Lienthong-Ledger-1', LedgerAnchorBucketName: 'anchors-1', LedgerSigningKeyArn: 'arn:aws:kms:ap-southeast-1:1:key/k' });

    // Act
    const target = await pointAtTarget({ stack: 'Lienthong' });

    // Assess
    expect(target.description).toBe('AWS table Lienthong-Ledger-1, anchors s3://anchors-1');
    expect(process.env[tables.ledger.envVar]).toBe('Lienthong-Ledger-1');
    expect(process.env.LEDGER_ANCHOR_BUCKET).toBe('anchors-1');
    expect(process.env.LEDGER_SIGNING_KEY_ARN).toBe('arn:aws:kms:ap-southeast-1:1:key/k');
  });

  it('says which output a stack lacks', async () => {
    // Prepare
    stackWith({ LedgerTableName: 'Lienthong-Ledger-1' });

    // Act / Assess
    await expect(pointAtTarget({ stack: 'Lienthong' })).rejects.toThrow('stack Lienthong has no output LedgerAnchorBucketName');
  });
});
