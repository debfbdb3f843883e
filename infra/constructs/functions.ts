import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CfnElement } from 'aws-cdk-lib';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { cdkBundling } from '../bundling-options';
import type { FunctionDefinition, FunctionKey, QueueAccess, TableAccess } from '../topology/functions';
import { functions, paceShareEnvironment } from '../topology/functions';
import { ledgerLateBoundSeconds } from '../topology/ledger-late-bound';
import { partnerDefinitions } from '../topology/partners';
import type { QueueKey, TableKey } from '../topology/resources';
import { queues, tables } from '../topology/resources';
import { pascal } from './construct-ids';
import type { PartnerSecrets } from './partner-secrets';
import { partnerSettingsEnvironment } from './partner-settings';
import type { LedgerSealing } from './ledger-sealing';
import type { Storage } from './storage';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Function logs are operational: Powertools redacts personal data, and the evidence of what was
 * exchanged with partners lives in the ledger table, not in logs. Three months covers incident
 * follow-up and month-over-month comparison while keeping the exposure of request metadata short.
 */
const functionLogRetention = RetentionDays.THREE_MONTHS;

export interface FunctionsProps {
  readonly storage: Storage;
  readonly partnerSecrets: PartnerSecrets;
  readonly ledgerSealing: LedgerSealing;
}

/**
 * Every Lambda of infra/topology/functions.ts, with exactly the table, queue and partner-secret
 * permissions its definition lists, its environment wired to the physical resource names and the
 * partners' settings, and its triggers.
 */
export class Functions extends Construct {
  readonly functions: Record<FunctionKey, NodejsFunction>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const built = {} as Record<FunctionKey, NodejsFunction>;
    for (const [key, definition] of Object.entries(functions) as [FunctionKey, FunctionDefinition][]) {
      built[key] = this.buildFunction(key, definition, props);
    }
    this.functions = built;

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the pinned runtime: middy 7 and Powertools 2.35 are tested on it and the bundles target node22. ' +
        'Moving to a newer runtime is a deliberate upgrade with its own test run, not something a linter should trigger.',
    });
  }

  private buildFunction(key: FunctionKey, definition: FunctionDefinition, { storage, partnerSecrets, ledgerSealing }: FunctionsProps): NodejsFunction {
    const id = pascal(key);
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: functionLogRetention });
    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log
    // group in the account, this one only to the function's own.
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${key} function`,
    });
    logGroup.grantWrite(role);

    const fn = new NodejsFunction(this, id, {
      entry: path.join(projectRoot, definition.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: definition.description,
      runtime: Runtime.NODEJS_22_X,
      // Graviton: cheaper per GB-second, and every dependency is pure JavaScript.
      architecture: Architecture.ARM_64,
      memorySize: definition.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      role,
      logGroup,
      // X-Ray: a segment per invocation (init, invocation, overhead) joined to the API stage's trace,
      // at no cost in the function's code; no Powertools Tracer (see test/bench/tracer-cost.ts).
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'lienthong',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...environmentFor(definition, storage),
        ...paceShareEnvironment(definition),
      },
      bundling: functionBundling(),
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: CDK grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions (X-Ray takes only `*`). Every other statement of this role names its resources.',
    });
    this.grantTables(fn, role, definition, storage);
    this.grantQueues(fn, definition, storage);
    if (definition.describesAllResources) this.grantDescribeAll(role, storage);
    if (definition.operatesQueues) this.grantQueueOperations(fn, definition.operatesQueues, storage);
    this.wirePartners(fn, definition, partnerSecrets);
    if (definition.ledgerSealing) this.grantLedgerSealing(fn, role, ledgerSealing, definition.ledgerSealing);
    this.addTriggers(id, fn, definition, storage);
    return fn;
  }

  private grantTables(fn: NodejsFunction, role: Role, definition: FunctionDefinition, storage: Storage): void {
    for (const [key, access] of Object.entries(definition.tables) as [TableKey, TableAccess][]) {
      const table = storage.tables[key];
      if (access === 'read') table.grantReadData(fn);
      else if (access === 'write') table.grantWriteData(fn);
      else table.grantReadWriteData(fn);

      if (tables[key].indexes.length > 0) {
        const tableLogicalId = Stack.of(this).getLogicalId(table.node.defaultChild as CfnElement);
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
          reason:
            `Querying a GSI needs its index ARN. \`/index/*\` is confined to the ${key} table's own indexes ` +
            `(${tables[key].indexes.map((index) => index.name).join(', ')}) and grants the same access as the table itself.`,
        });
      }
    }
  }

  private grantQueues(fn: NodejsFunction, definition: FunctionDefinition, storage: Storage): void {
    for (const [key, access] of Object.entries(definition.queues) as [QueueKey, QueueAccess][]) {
      const { queue } = storage.queues[key];
      if (access === 'send' || access === 'consumeAndSend') queue.grantSendMessages(fn);
      // A triggered consumer gets its receive/delete/visibility rights from the event source mapping.
      if (access !== 'send' && definition.queueTrigger?.queue !== key) queue.grantConsumeMessages(fn);
    }
    for (const key of definition.deadLetterQueues ?? []) {
      // Permanent failures go to the DLQ at once, with the reason as attributes (DESIGN §6).
      storage.queues[key].deadLetterQueue.grantSendMessages(fn);
    }
  }

  /**
   * A partner's secret is readable only by the functions that list the partner; they learn its ARN
   * (never its value: the function reads it at run time) and the partner's settings from context.
   */
  private wirePartners(fn: NodejsFunction, definition: FunctionDefinition, partnerSecrets: PartnerSecrets): void {
    for (const key of definition.partners ?? []) {
      partnerSecrets.grantRead(key, fn);
      fn.addEnvironment(partnerDefinitions[key].secret.arnEnvVar, partnerSecrets.secrets[key].secretArn);
      for (const [name, value] of Object.entries(partnerSettingsEnvironment(fn, key))) fn.addEnvironment(name, value);
    }
  }

  /**
   * The sealer signs with the KMS key and writes the anchor bucket's objects, and nothing else there;
   * a verifier (the operators' ledger check) reads the public key and the anchors, and is told how late
   * a genuine write can be (it cannot read the topology).
   */
  private grantLedgerSealing(fn: NodejsFunction, role: Role, sealing: LedgerSealing, access: 'seal' | 'verify'): void {
    if (access === 'seal') sealing.grantSeal(role);
    else {
      sealing.grantVerify(role);
      fn.addEnvironment('LEDGER_LATE_BOUND_SECONDS', String(ledgerLateBoundSeconds()));
    }
    for (const [name, value] of Object.entries(sealing.environment())) fn.addEnvironment(name, value);
    const bucketLogicalId = Stack.of(this).getLogicalId(sealing.anchorBucket.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`,
      reason:
        'Anchors are named by partner and sequence number as the sealer creates them, so the objects of the anchor bucket ' +
        'cannot be listed in advance. The actions are PutObject and GetObject only; Object Lock forbids any overwrite or delete.',
    });
  }

  /** The health check asks each resource whether it exists; it reads no items and no messages. */
  private grantDescribeAll(role: Role, storage: Storage): void {
    role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeTable'],
        resources: Object.values(storage.tables).map((table) => table.tableArn),
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['sqs:GetQueueAttributes'],
        resources: Object.values(storage.queues).flatMap((pair) => [pair.queue.queueArn, pair.deadLetterQueue.queueArn]),
      }),
    );
  }

  /**
   * Operators see every queue's depth and peek at its dead letters (a peek receives and releases
   * at once); a redrive also sends them back to their queue and deletes them from the DLQ.
   */
  private grantQueueOperations(fn: NodejsFunction, access: 'inspect' | 'redrive', storage: Storage): void {
    for (const { queue, deadLetterQueue } of Object.values(storage.queues)) {
      for (const q of [queue, deadLetterQueue]) q.grant(fn, 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl');
      deadLetterQueue.grant(fn, 'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility');
      if (access === 'redrive') {
        deadLetterQueue.grant(fn, 'sqs:DeleteMessage');
        queue.grantSendMessages(fn);
      }
    }
  }

  private addTriggers(id: string, fn: NodejsFunction, definition: FunctionDefinition, storage: Storage): void {
    const trigger = definition.queueTrigger;
    if (trigger) {
      fn.addEventSource(
        new SqsEventSource(storage.queues[trigger.queue].queue, {
          batchSize: trigger.batchSize,
          maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
          maxConcurrency: trigger.maxConcurrency,
          // Workers answer with batchItemFailures; one bad record must not redeliver its neighbours.
          reportBatchItemFailures: true,
        }),
      );
    }
    if (definition.schedule) {
      new Rule(this, `${id}Schedule`, {
        schedule: Schedule.rate(Duration.minutes(definition.schedule.everyMinutes)),
        targets: [new LambdaFunction(fn)],
      });
    }
  }
}

/**
 * How every function is bundled: the shared esbuild settings of infra/bundling-options.ts (also used
 * by the bench and the twin, so what is measured is what is deployed), in NodejsFunction's terms,
 * plus what only the CDK build decides: source maps and local bundling.
 */
export function functionBundling(): BundlingOptions {
  return {
    format: cdkBundling.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
    target: cdkBundling.target,
    minify: cdkBundling.minify,
    externalModules: [...cdkBundling.externalModules],
    mainFields: [...cdkBundling.mainFields],
    ...(cdkBundling.banner ? { banner: cdkBundling.banner } : {}),
    // Package aliases (stubs), as `--alias:<package>=<path>`; CDK runs esbuild from the project root.
    esbuildArgs: { ...cdkBundling.esbuildArgs },
    // NODE_OPTIONS turns source maps on: line mapping is what stack traces need, and embedding the
    // sources would double the asset.
    sourceMap: true,
    sourcesContent: false,
    forceDockerBundling: false,
    logLevel: LogLevel.WARNING,
  };
}

/**
 * The variables through which a function finds its resources: a table's name and a queue's URL
 * under the names infra/topology/resources.ts assigns. The health check sees everything.
 */
function environmentFor(definition: FunctionDefinition, storage: Storage): Record<string, string> {
  const environment: Record<string, string> = {};
  const tableKeys = definition.describesAllResources
    ? (Object.keys(tables) as TableKey[])
    : (Object.keys(definition.tables) as TableKey[]);
  for (const key of tableKeys) environment[tables[key].envVar] = storage.tables[key].tableName;

  const everyQueue = definition.describesAllResources || definition.operatesQueues !== undefined;
  const queueKeys = everyQueue
    ? (Object.keys(queues) as QueueKey[])
    : (Object.keys(definition.queues) as QueueKey[]);
  for (const key of queueKeys) environment[queues[key].envVar] = storage.queues[key].queue.queueUrl;

  const deadLetterKeys = everyQueue ? (Object.keys(queues) as QueueKey[]) : (definition.deadLetterQueues ?? []);
  for (const key of deadLetterKeys) {
    environment[queues[key].deadLetter.envVar] = storage.queues[key].deadLetterQueue.queueUrl;
  }
  return environment;
}
