import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startEmbeddedServiceThread } from '../../infra/local/embedded-thread';

/*
 * The twin's dynalite keeps successful expression parses (infra/local/embedded-thread.ts). The
 * same requests must get the same answers with and without it: values that change under the same
 * expression, a value that changes type (an error one time, not the next), an unused value (an
 * error), BETWEEN (never kept), filters, projections and the PUT path's own write.
 */
async function answers(parseCache: boolean): Promise<unknown[]> {
  const service = await startEmbeddedServiceThread('dynalite', { parseCache });
  const raw = new DynamoDBClient({ endpoint: `http://127.0.0.1:${service.port}`, region: 'ap-southeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const doc = DynamoDBDocumentClient.from(raw);
  const out: unknown[] = [];
  const attempt = async (send: () => Promise<Record<string, unknown>>) => {
    try {
      const { $metadata: _metadata, ...answer } = await send();
      out.push(answer);
    } catch (error) {
      out.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
  };
  try {
    await raw.send(
      new CreateTableCommand({
        TableName: 'parse-cache',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const TableName = 'parse-cache';
    for (let v = 1; v <= 12; v++) {
      await attempt(() =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { pk: 'a', sk: 'STATE' },
            UpdateExpression: 'SET #v = :v, #s = :s, #r = list_append(if_not_exists(#r, :none), :e)',
            ConditionExpression: 'attribute_not_exists(pk) OR (#v < :v AND (attribute_not_exists(#r) OR size(#r) < :cap))',
            ExpressionAttributeNames: { '#v': 'version', '#r': 'recent', '#s': 'snapshot' },
            ExpressionAttributeValues: { ':v': v % 5 === 0 ? 1 : v, ':none': [], ':e': [{ version: v }], ':cap': 8, ':s': { n: v, text: `x${v}` } },
          }),
        ),
      );
      await attempt(() => doc.send(new UpdateCommand({ TableName, Key: { pk: 'a', sk: 'T' }, UpdateExpression: 'SET #c = #c + :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': v % 2 ? 1 : 'one' } })));
      await attempt(() =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { pk: 'a', sk: 'U' },
            UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':zero': 0, ...(v % 3 ? {} : { ':unused': 1 }) },
          }),
        ),
      );
      await attempt(() => doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':pk': 'a', ':a': v % 2 ? 'A' : 'Z', ':b': 'Z' } })));
      await attempt(() =>
        doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression: 'size(#r) > :n',
            ProjectionExpression: '#r, sk',
            ExpressionAttributeNames: { '#r': 'recent' },
            ExpressionAttributeValues: { ':pk': 'a', ':n': v % 4 },
          }),
        ),
      );
      await attempt(() => doc.send(new GetCommand({ TableName, Key: { pk: 'a', sk: 'STATE' }, ProjectionExpression: '#r[0].version, #v', ExpressionAttributeNames: { '#r': 'recent', '#v': 'version' } })));
    }
  } finally {
    raw.destroy();
    await service.stop();
  }
  return out;
}

describe("the twin's dynalite with kept expression parses", () => {
  it('answers every request exactly as without them', async () => {
    const [without, withCache] = [await answers(false), await answers(true)];
    expect(withCache).toEqual(without);
    // The sequence exercised what it claims: stored versions, a refused older one, type and unused-value errors.
    expect(without.filter((a) => typeof a === 'string' && a.includes('Incorrect operand type'))).toHaveLength(6);
    expect(without.filter((a) => typeof a === 'string' && a.includes('unused in expressions'))).toHaveLength(4);
    expect(without.filter((a) => typeof a === 'string' && a.startsWith('ConditionalCheckFailed'))).not.toHaveLength(0);
  }, 60_000);
});
