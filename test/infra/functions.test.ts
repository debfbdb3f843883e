import { Match, Template } from 'aws-cdk-lib/assertions';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { cdkBundling } from '../../infra/bundling-options';
import { functionBundling } from '../../infra/constructs/functions';
import type { FunctionDefinition, FunctionKey } from '../../infra/topology/functions';
import { functions } from '../../infra/topology/functions';
import { partnerDefinitions } from '../../infra/topology/partners';
import { ledgerLateBoundSeconds } from '../../infra/topology/ledger-late-bound';
import type { QueueKey, TableKey } from '../../infra/topology/resources';
import { queues, tables } from '../../infra/topology/resources';
import { pascal } from '../../infra/constructs/construct-ids';
import { logicalIdIn } from '../support/cdk-template';

let template: Template;

beforeAll(() => {
  const { stack } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false });
  template = Template.fromStack(stack);
});

const definitions = Object.entries(functions) as [FunctionKey, FunctionDefinition][];

const logicalId = (type: string, path: string) => logicalIdIn(template, type, path);

const functionId = (key: FunctionKey) => logicalId('AWS::Lambda::Function', `Functions${pascal(key)}`);
const tableId = (key: TableKey) => logicalId('AWS::DynamoDB::GlobalTable', `Storage${pascal(key)}Table`);
const queueId = (key: QueueKey) => logicalId('AWS::SQS::Queue', `Storage${pascal(key)}Queue`);
const deadLetterQueueId = (key: QueueKey) => logicalId('AWS::SQS::Queue', `Storage${pascal(key)}DeadLetterQueue`);

function functionProperties(key: FunctionKey) {
  return template.toJSON().Resources[functionId(key)].Properties;
}

interface Grant {
  readonly actions: string[];
  readonly resources: unknown[];
}

/** Every Allow statement in the policies attached to the function's role. */
function grantsOf(key: FunctionKey): Grant[] {
  const roleId = functionProperties(key).Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId),
  );
  return policies.flatMap((policy) =>
    policy.Properties.PolicyDocument.Statement.map((statement: { Action: string | string[]; Resource: unknown }) => ({
      actions: [statement.Action].flat(),
      resources: [statement.Resource].flat(),
    })),
  );
}

/** The actions a function may perform on one resource, which the template names by logical id. */
function actionsOn(key: FunctionKey, resourceLogicalId: string): string[] {
  return grantsOf(key)
    .filter((grant) => JSON.stringify(grant.resources).includes(`"${resourceLogicalId}"`))
    .flatMap((grant) => grant.actions);
}

const dynamoWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** What active tracing grants: X-Ray's PutTraceSegments and PutTelemetryRecords take no resource but `*`. */
const xrayActions = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('function definitions', () => {
  it('creates one function per definition in infra/topology/functions.ts', () => {
    // Act
    // CDK's own provider functions (the console's BucketDeployment) live outside the Functions construct.
    const found = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('Functions'));

    // Assess
    expect(found).toHaveLength(definitions.length);
  });

  it.each(definitions)('runs %s on nodejs22.x, ARM, with its memory and timeout', (key, definition) => {
    // Act
    const properties = functionProperties(key);

    // Assess
    expect(properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: definition.memoryMb,
      Timeout: definition.timeoutSeconds,
      Description: definition.description,
    });
  });

  it.each(definitions)('logs %s to its own log group kept for three months', (key) => {
    // Prepare
    const logGroupId = functionProperties(key).LoggingConfig.LogGroup.Ref;

    // Act
    const logGroup = template.toJSON().Resources[logGroupId];

    // Assess
    expect(logGroup.Properties.RetentionInDays).toBe(90);
  });
});

describe('function environment', () => {
  it.each(definitions)('configures Powertools and source maps for %s', (key) => {
    // Act
    const variables = functionProperties(key).Environment.Variables;

    // Assess
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'lienthong',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  // Partner variables are checked in partners.test.ts; here they are only set aside.
  it.each(definitions)('gives %s the names of exactly the resources it may touch', (key, definition) => {
    // Prepare
    const all = definition.describesAllResources === true;
    // Operators' functions see every queue and its DLQ (depths, dead letters, redrive).
    const everyQueue = all || definition.operatesQueues !== undefined;
    const tableKeys = (all ? Object.keys(tables) : Object.keys(definition.tables)) as TableKey[];
    const queueKeys = (everyQueue ? Object.keys(queues) : Object.keys(definition.queues)) as QueueKey[];
    const deadLetterKeys = everyQueue ? (Object.keys(queues) as QueueKey[]) : (definition.deadLetterQueues ?? []);
    const expected = {
      ...Object.fromEntries(tableKeys.map((table) => [tables[table].envVar, { Ref: tableId(table) }])),
      ...Object.fromEntries(queueKeys.map((queue) => [queues[queue].envVar, { Ref: queueId(queue) }])),
      ...Object.fromEntries(deadLetterKeys.map((queue) => [queues[queue].deadLetter.envVar, { Ref: deadLetterQueueId(queue) }])),
      // A queue worker calling a partner learns how many containers share that partner's pace.
      ...(definition.queueTrigger
        ? Object.fromEntries((definition.partners ?? []).map((p) => [`${p.toUpperCase()}_PACE_CONTAINERS`, String(definition.queueTrigger!.maxConcurrency)]))
        : {}),
      ...(definition.ledgerSealing
        ? {
            LEDGER_ANCHOR_BUCKET: { Ref: logicalId('AWS::S3::Bucket', 'LedgerSealingAnchorBucket') },
            LEDGER_SIGNING_KEY_ARN: { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'LedgerSealingSigningKey'), 'Arn'] },
          }
        : {}),
      // A verifier is told how late a genuine write can be (it cannot read the topology).
      ...(definition.ledgerSealing === 'verify' ? { LEDGER_LATE_BOUND_SECONDS: String(ledgerLateBoundSeconds()) } : {}),
    };

    const partnerVariables = new Set(
      (definition.partners ?? []).flatMap((partner) => [
        partnerDefinitions[partner].secret.arnEnvVar,
        ...partnerDefinitions[partner].settings.map((setting) => setting.envVar),
      ]),
    );

    // Act
    const { POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, NODE_OPTIONS, ...otherVariables } =
      functionProperties(key).Environment.Variables;
    const resourceVariables = Object.fromEntries(Object.entries(otherVariables).filter(([name]) => !partnerVariables.has(name)));

    // Assess
    expect(resourceVariables).toEqual(expected);
  });
});

describe('least-privilege IAM', () => {
  it('lets get-dossier read the dossiers table but not write it, and touch no queue', () => {
    // Act
    const onDossiers = actionsOn('getDossier', tableId('dossiers'));
    const all = grantsOf('getDossier').flatMap((grant) => grant.actions);

    // Assess
    expect(onDossiers).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const write of dynamoWrites) expect(all).not.toContain(write);
    expect(all.filter((action) => action.startsWith('sqs:'))).toEqual([]);
    expect(actionsOn('getDossier', tableId('clients'))).toEqual([]);
  });

  it('lets put-dossier write dossiers and send to portal-sync, but not to its dead-letter queue', () => {
    // Act
    const onDossiers = actionsOn('putDossier', tableId('dossiers'));
    const onQueue = actionsOn('putDossier', queueId('portalSync'));
    const onDeadLetters = actionsOn('putDossier', deadLetterQueueId('portalSync'));

    // Assess
    expect(onDossiers).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(onQueue).toContain('sqs:SendMessage');
    expect(onQueue).not.toContain('sqs:ReceiveMessage');
    expect(onDeadLetters).toEqual([]);
  });

  it('lets the portal-sync worker consume its queue and send permanent failures to the dead-letter queue', () => {
    // Act
    const onQueue = actionsOn('portalSync', queueId('portalSync'));
    const onDeadLetters = actionsOn('portalSync', deadLetterQueueId('portalSync'));

    // Assess
    expect(onQueue).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']),
    );
    expect(onDeadLetters).toContain('sqs:SendMessage');
    expect(onDeadLetters).not.toContain('sqs:ReceiveMessage');
  });

  it('lets the portal-sync worker send to its own queue (probe ticks) and keep the partner health record', () => {
    // Act
    const onQueue = actionsOn('portalSync', queueId('portalSync'));
    const onHealth = actionsOn('portalSync', tableId('partnerHealth'));

    // Assess
    expect(onQueue).toContain('sqs:SendMessage');
    expect(onHealth).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem']));
  });

  it('lets the partner-recovery watchdog queue work for both partners and read, not write, dossiers', () => {
    // Act
    const onDossiers = actionsOn('partnerRecovery', tableId('dossiers'));

    // Assess
    expect(actionsOn('partnerRecovery', queueId('portalSync'))).toContain('sqs:SendMessage');
    expect(actionsOn('partnerRecovery', queueId('cityDelivery'))).toContain('sqs:SendMessage');
    expect(actionsOn('partnerRecovery', queueId('cityDelivery'))).not.toContain('sqs:ReceiveMessage');
    expect(onDossiers).toEqual(expect.arrayContaining(['dynamodb:Query']));
    for (const write of dynamoWrites) expect(onDossiers).not.toContain(write);
  });

  it('lets the authorizer read API keys and nothing about dossiers', () => {
    // Act
    const onClients = actionsOn('authorizer', tableId('clients'));
    const all = grantsOf('authorizer').flatMap((grant) => grant.actions);

    // Assess
    expect(onClients).toEqual(expect.arrayContaining(['dynamodb:GetItem']));
    for (const write of dynamoWrites) expect(all).not.toContain(write);
    expect(actionsOn('authorizer', tableId('dossiers'))).toEqual([]);
  });

  it('lets the health check describe every table and queue and read nothing', () => {
    // Prepare
    const resources = [
      ...(Object.keys(tables) as TableKey[]).map(tableId),
      ...(Object.keys(queues) as QueueKey[]).flatMap((queue) => [queueId(queue), deadLetterQueueId(queue)]),
    ];

    // Act
    const actions = resources.map((resource) => actionsOn('health', resource));

    // Assess
    for (const onResource of actions) {
      expect(onResource).toHaveLength(1);
      expect(['dynamodb:DescribeTable', 'sqs:GetQueueAttributes']).toContain(onResource[0]);
    }
  });

  it("lets the operators' reads peek at dead letters but never delete them, send, or write an item", () => {
    for (const queue of Object.keys(queues) as QueueKey[]) {
      const onDeadLetters = actionsOn('opsRead', deadLetterQueueId(queue));
      expect(onDeadLetters).toEqual(expect.arrayContaining(['sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility']));
      expect(onDeadLetters).not.toContain('sqs:DeleteMessage');
      expect(actionsOn('opsRead', queueId(queue))).not.toContain('sqs:SendMessage');
      expect(actionsOn('opsRead', queueId(queue))).not.toContain('sqs:ReceiveMessage');
    }
    const all = grantsOf('opsRead').flatMap((grant) => grant.actions);
    for (const write of dynamoWrites) expect(all).not.toContain(write);
  });

  it("lets the operators' actions move dead letters back: delete from each DLQ, send to its queue, never consume the queue", () => {
    for (const queue of Object.keys(queues) as QueueKey[]) {
      expect(actionsOn('opsActions', deadLetterQueueId(queue))).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      expect(actionsOn('opsActions', queueId(queue))).toContain('sqs:SendMessage');
      expect(actionsOn('opsActions', queueId(queue))).not.toContain('sqs:ReceiveMessage');
    }
  });

  // The sealer writes seals and its lease, never an exchange's record, so it has no failure to report.
  const ledgerWriters = definitions.filter(([key, d]) => key !== 'ledgerSealer' && (d.tables.ledger === 'readWrite' || d.tables.ledger === 'write'));
  it.each(ledgerWriters)('lets %s, which appends ledger records, store a failed append where operators list it', (key) => {
    // Act
    const onOpsStats = actionsOn(key, tableId('opsStats'));

    // Assess
    expect(onOpsStats).toContain('dynamodb:PutItem');
  });

  it('lets the OpenAPI function write its logs and its traces, and nothing else', () => {
    // Act
    const actions = grantsOf('openapi').flatMap((grant) => grant.actions);

    // Assess
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', ...xrayActions]);
  });

  it.each(definitions)('grants %s nothing on Resource "*" but sending its X-Ray segments (which X-Ray allows no narrower)', (key) => {
    // Act
    const wildcards = grantsOf(key).filter((grant) => grant.resources.includes('*'));

    // Assess
    expect(wildcards.flatMap((grant) => grant.actions).sort()).toEqual(xrayActions);
    expect(wildcards.every((grant) => grant.resources.length === 1)).toBe(true);
  });

  it.each(definitions)('traces %s with X-Ray (active tracing)', (key) => {
    // Act & Assess
    expect(functionProperties(key).TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('attaches no AWS managed policy to a function role', () => {
    // Prepare
    const roles = definitions.map(([key]) => functionProperties(key).Role['Fn::GetAtt'][0]);

    // Act
    const managed = roles.map((role) => template.toJSON().Resources[role].Properties.ManagedPolicyArns);

    // Assess
    expect(managed.every((arns) => arns === undefined)).toBe(true);
  });
});

describe('queue triggers', () => {
  const triggered = definitions.filter(([, definition]) => definition.queueTrigger !== undefined);

  it.each(triggered)('feeds %s from its queue with partial batch responses and paced concurrency', (key, definition) => {
    // Prepare
    const trigger = definition.queueTrigger!;

    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(key) },
      EventSourceArn: { 'Fn::GetAtt': [queueId(trigger.queue), 'Arn'] },
      BatchSize: trigger.batchSize,
      MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
      ScalingConfig: { MaximumConcurrency: trigger.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('maps no queue to a function that does not declare a trigger', () => {
    // Act
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');

    // Assess
    expect(Object.keys(mappings)).toHaveLength(triggered.length);
  });
});

describe('schedules', () => {
  const scheduled = definitions.filter(([, definition]) => definition.schedule !== undefined);

  it.each(scheduled)('invokes %s at the rate its definition gives', (key, definition) => {
    // Prepare
    const minutes = definition.schedule!.everyMinutes;
    // CDK writes the largest whole unit: 1440 minutes is rate(1 day), 120 is rate(2 hours).
    const [amount, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];

    // Act & Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${amount} ${amount === 1 ? unit : `${unit}s`})`,
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(key), 'Arn'] } })],
    });
  });
});

describe('bundling', () => {
  it('bundles with the shared settings of infra/bundling-options.ts', () => {
    // Act
    const bundling = functionBundling();

    // Assess
    expect(bundling).toMatchObject({
      format: cdkBundling.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
      target: cdkBundling.target,
      minify: cdkBundling.minify,
      externalModules: [...cdkBundling.externalModules],
      mainFields: [...cdkBundling.mainFields],
      esbuildArgs: cdkBundling.esbuildArgs,
    });
    expect(bundling.banner).toBe(cdkBundling.banner);
  });

  it('passes the package aliases (stubs) to esbuild and keeps source maps without embedded sources', () => {
    // Act
    const bundling = functionBundling();

    // Assess
    // No package is stubbed out since axios (and with it form-data) left the bundles.
    expect(bundling.esbuildArgs).toEqual({});
    expect(bundling).toMatchObject({ sourceMap: true, sourcesContent: false, forceDockerBundling: false });
  });
});
