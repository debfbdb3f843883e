import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition, QueueKey, TableDefinition, TableKey } from '../topology/resources';
import { queues, tables } from '../topology/resources';
import { pascal } from './construct-ids';

/** A work queue and the dead-letter queue that catches what its consumer cannot finish. */
export interface QueuePair {
  readonly definition: QueueDefinition;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * The gateway's durable state: every table and queue of infra/topology/resources.ts, so the local
 * twin and AWS are built from the same definitions.
 */
export class Storage extends Construct {
  readonly tables: Record<TableKey, TableV2>;
  readonly queues: Record<QueueKey, QueuePair>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.tables = mapEntries(tables, (key, definition: TableDefinition) => this.table(key, definition));
    this.queues = mapEntries(queues, (key, definition: QueueDefinition) => this.queuePair(key, definition));
  }

  private table(key: string, definition: TableDefinition): TableV2 {
    return new TableV2(this, `${pascal(key)}Table`, {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: definition.sortKey ? { name: definition.sortKey, type: AttributeType.STRING } : undefined,
      globalSecondaryIndexes: definition.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: index.sortKey ? { name: index.sortKey, type: AttributeType.STRING } : undefined,
      })),
      timeToLiveAttribute: definition.timeToLiveAttribute,
      // Traffic is bursty (month-end campaigns at 10x, DESIGN §1): on-demand absorbs it without tuning.
      billing: Billing.onDemand(),
      // The AWS managed key (rather than the DynamoDB-owned default) puts every use of the key in CloudTrail.
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Dossier state and API keys cannot be rebuilt from anywhere else: a stack deletion must not take them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private queuePair(key: string, definition: QueueDefinition): QueuePair {
    const deadLetterQueue = new Queue(this, `${pascal(key)}DeadLetterQueue`, {
      retentionPeriod: Duration.days(definition.deadLetter.retentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const queue = new Queue(this, `${pascal(key)}Queue`, {
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(definition.retentionDays),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    return { definition, queue, deadLetterQueue };
  }
}

function mapEntries<K extends string, D, R>(source: Record<K, D>, build: (key: K, definition: D) => R): Record<K, R> {
  return Object.fromEntries(
    (Object.entries(source) as [K, D][]).map(([key, definition]) => [key, build(key, definition)]),
  ) as Record<K, R>;
}
