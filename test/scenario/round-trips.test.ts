import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationCount, OperationName } from '../bench/round-trips';
import { countingTwinEnvironment, countOperations, roundTripBudget } from '../bench/round-trips';
import type { TwinFixture } from '../support/twin-fixture';
import { startTestTwin } from '../support/twin-fixture';

/*
 * DynamoDB and SQS round trips per operation, counted at the wire in front of the twin's embedded
 * services (the same count `npm run bench` prints). Counts do not depend on timing, so a change
 * that adds a call to any of these paths fails here; one that removes calls should lower the
 * ceilings below.
 */

/** Calls per operation as of this commit, on fresh containers (portal login and partner-health read included). */
const ceilings: Record<OperationName, { dynamodb: number; sqs: number }> = {
  'authorizer (cache miss)': { dynamodb: 1, sqs: 0 },
  // The snapshot's conditional write, which also records the version for the ops timeline.
  'put (new dossier)': { dynamodb: 1, sqs: 2 },
  'first portal sync': { dynamodb: roundTripBudget.firstSync, sqs: 1 },
  // Both nudges of a new dossier (snapshot, then acknowledgement): see the insight test below.
  'insight (new dossier)': { dynamodb: 15, sqs: 1 },
  get: { dynamodb: 1, sqs: 0 },
  'put (new version)': { dynamodb: 1, sqs: 2 },
  'update portal sync': { dynamodb: roundTripBudget.updateSync, sqs: 1 },
  // Both nudges of a progress update: a read each, a write each at most (no counter moves), a freeze marker's read at most.
  'insight (progress update)': { dynamodb: 5, sqs: 0 },
  // A submission or a rating also nudges the insight worker (slow reception, satisfaction).
  'portal callback intake': { dynamodb: 3, sqs: 2 },
  'city delivery': { dynamodb: 5, sqs: 0 },
  'citizen verification': { dynamodb: 1, sqs: 0 },
  'payment open': { dynamodb: 4, sqs: 0 },
  'payment confirmation': { dynamodb: 10, sqs: 2 },
  'payment sync (overlay)': { dynamodb: 5, sqs: 1 },
};

let fixture: TwinFixture;
let operations: readonly OperationCount[];

beforeAll(async () => {
  fixture = await startTestTwin({ countRoundTrips: true, authorizerCacheSeconds: 300, functionEnvironment: { ...countingTwinEnvironment, POWERTOOLS_LOG_LEVEL: 'INFO' } });
  operations = (await countOperations(fixture.twin, fixture.twin.apiKey, 'H29-RT-1')).operations;
}, 120_000);
afterAll(() => fixture?.stop());

const find = (operation: OperationName, fn?: string) => {
  const found = operations.find((o) => o.operation === operation && (!fn || o.function === fn));
  if (!found) throw new Error(`${operation} was not counted`);
  return found;
};

describe('round trips per operation', () => {
  it('counts every operation of a dossier’s life, each in one invocation of its function', () => {
    expect(operations.map((o) => o.operation).sort()).toEqual(
      [...Object.keys(ceilings), 'city delivery'].sort(), // the city gets the callback's event and payment.completed
    );
    for (const o of operations.filter((x) => !x.operation.startsWith('insight'))) expect(o.invocations, o.operation).toBe(1);
  });

  it('keeps a first portal sync within 8 DynamoDB round trips and an update sync within 6', () => {
    const first = find('first portal sync');
    const update = find('update portal sync');
    expect(first.dynamodb).toBeLessThanOrEqual(roundTripBudget.firstSync);
    expect(update.dynamodb).toBeLessThanOrEqual(roundTripBudget.updateSync);
    // One read of the dossier, and one ledger item per portal exchange (login, dossier, steps).
    expect(first.dynamodbCalls.Query).toBe(1);
    expect(update.dynamodbCalls.Query).toBe(1);
    expect(first.dynamodbTables['lienthong-ledger']).toBe(3);
    expect(update.dynamodbTables['lienthong-ledger']).toBe(2);
  });

  it('adds no call to any operation', () => {
    for (const o of operations) {
      const ceiling = ceilings[o.operation];
      expect({ operation: o.operation, dynamodb: Math.max(o.dynamodb, ceiling.dynamodb), sqs: Math.max(o.sqs, ceiling.sqs) }).toEqual({
        operation: o.operation,
        ...ceiling,
      });
    }
  });

  // The twin runs at INFO here (the test suite's default is SILENT), as production and the price list do.
  it('meters what the price list bills: durations and the log bytes of a worker that logs at INFO', () => {
    const sync = find('update portal sync');
    expect(sync.billedMs).toBeGreaterThanOrEqual(sync.invocations);
    expect(sync.logBytes).toBeGreaterThan(0);
    expect(find('put (new version)').writeUnits).toBeGreaterThanOrEqual(1);
  });

  // The snapshot's nudge: one BatchGetItem (the dossier's items, its contribution, rating and the
  // month's freeze marker), the overdue alert (event stored, queued, marked), the contribution with
  // its pending operation, three counter items, one BatchWriteItem (the unit's name), the clear,
  // three markers released. The acknowledgement's: one BatchGetItem and, if it came after the
  // snapshot's refresh (it usually does), one contribution write that settles the sync clock (no
  // counter moves, nothing else changes). A GetItem more when the sample's month is not the
  // current one (its freeze marker, cached a minute per container).
  it('refreshes the scorecard of a new dossier in 14 DynamoDB calls over its two nudges (22 before the batched reads and writes)', () => {
    const insight = find('insight (new dossier)');
    expect(insight.invocations).toBe(2);
    const { GetItem = 0, PutItem = 0, ...rest } = insight.dynamodbCalls;
    expect(rest).toEqual({ BatchGetItem: 2, UpdateItem: 8, BatchWriteItem: 1 });
    // Each nudge reads the dossiers and the insight table in one request.
    expect(insight.dynamodbTables['lienthong-dossiers+lienthong-insight']).toBe(2);
    expect(PutItem === 2 || PutItem === 3, `PutItem ${PutItem}`).toBe(true);
    expect(GetItem).toBeLessThanOrEqual(1);
    expect(insight.sqsCalls).toEqual({ SendMessage: 1 });
  });

  it('refreshes it after a progress update in a read and a write per nudge at most, with no pending operation', () => {
    const update = find('insight (progress update)');
    expect(update.invocations).toBe(2);
    const { GetItem = 0, PutItem = 0, ...rest } = update.dynamodbCalls;
    expect(rest).toEqual({ BatchGetItem: 2 });
    expect(PutItem === 1 || PutItem === 2, `PutItem ${PutItem}`).toBe(true);
    expect(GetItem).toBeLessThanOrEqual(1);
  });

  it('stores a new dossier and its version-history entry in one conditional write and reads it in one query', () => {
    expect(find('put (new dossier)').dynamodbCalls).toEqual({ UpdateItem: 1 });
    expect(find('put (new version)').dynamodbCalls).toEqual({ UpdateItem: 1 });
    expect(find('get').dynamodbCalls).toEqual({ Query: 1 });
  });
});
