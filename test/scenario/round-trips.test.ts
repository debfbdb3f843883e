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
  // Contribution and rating reads, the markers and up to 6 counter items (README: Deadlines and the shadow 766 scorecard).
  'insight (per nudge)': { dynamodb: 22, sqs: 1 },
  get: { dynamodb: 1, sqs: 0 },
  'put (new version)': { dynamodb: 1, sqs: 2 },
  'update portal sync': { dynamodb: roundTripBudget.updateSync, sqs: 1 },
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
    for (const o of operations.filter((x) => x.operation !== 'insight (per nudge)')) expect(o.invocations, o.operation).toBe(1);
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

  it('stores a new dossier and its version-history entry in one conditional write and reads it in one query', () => {
    expect(find('put (new dossier)').dynamodbCalls).toEqual({ UpdateItem: 1 });
    expect(find('put (new version)').dynamodbCalls).toEqual({ UpdateItem: 1 });
    expect(find('get').dynamodbCalls).toEqual({ Query: 1 });
  });
});
