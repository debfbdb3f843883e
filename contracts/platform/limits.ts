/**
 * Limits of the platform every stage runs on. Declared once: intake checks a value against the
 * limit of the *last* stage that will hold it, so nothing is acknowledged that a later stage
 * (a DynamoDB key, a queue message, a Lambda response) would refuse.
 */
export const platformLimits = {
  /** DynamoDB: a partition key value, in UTF-8 bytes. */
  dynamoPartitionKeyBytes: 2048,
  /** DynamoDB: a sort key value, in UTF-8 bytes. */
  dynamoSortKeyBytes: 1024,
  /** DynamoDB: one item, attribute names and values together, in bytes (400 KB). */
  dynamoItemBytes: 400 * 1024,
  /** DynamoDB: requests in one BatchWriteItem. */
  dynamoBatchWriteItems: 25,
  /** SQS: entries in one SendMessageBatch. */
  sqsBatchEntries: 10,
  /** SQS: the longest DelaySeconds of a message (15 minutes). */
  sqsMaxDelaySeconds: 900,
  /** SQS: one message body plus its attributes, in bytes (256 KiB). */
  sqsMessageBytes: 256 * 1024,
  /** Lambda: a synchronous invocation's response payload, in bytes (6 MB). */
  lambdaResponseBytes: 6 * 1024 * 1024,
  /** API Gateway REST: a request payload, in bytes (10 MB). */
  apiGatewayRequestBytes: 10 * 1024 * 1024,
  /** API Gateway REST, regional endpoint: the URL (path and query), in characters. */
  apiGatewayUrlChars: 10240,
  /** API Gateway REST, regional endpoint: all header names, values, separators and line ends together, in bytes. */
  apiGatewayHeaderBytes: 10240,
} as const;

/**
 * The largest JSON document (a dossier snapshot, an event payload) stored in one item, counted as
 * UTF-8 JSON: DynamoDB's item limit less a reserve for the keys, the bookkeeping attributes beside
 * the document and DynamoDB's per-element overhead.
 */
export const maxStoredJsonBytes = platformLimits.dynamoItemBytes - 59_600;

/** UTF-8 size of a string, as DynamoDB and SQS count it. */
export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}
