import { describe, expect, it } from 'vitest';
import { functionDefinitions } from '../../infra/topology/functions';
import { priceList, unitPrices } from '../bench/price-list';
import type { OperationCount, RoundTripMeasurement } from '../bench/round-trips';

const counted = (overrides: Partial<OperationCount>): OperationCount => ({
  operation: 'put (new version)',
  function: 'putDossier',
  invocations: 1,
  dynamodb: 0,
  sqs: 0,
  dynamodbCalls: {},
  sqsCalls: {},
  dynamodbTables: {},
  readUnits: 0,
  writeUnits: 0,
  sqsBilledRequests: 0,
  partnerHealthReads: 0,
  billedMs: 0,
  logBytes: 0,
  ...overrides,
});

describe('price per million dossiers', () => {
  it('multiplies each step by the dossier mix and each quantity by its list price', () => {
    const measured: RoundTripMeasurement = {
      operations: [],
      windows: [
        // Five progress updates per dossier: this step's quantities count five times.
        { step: 'progress update', functions: [counted({ billedMs: 100, writeUnits: 2, sqsBilledRequests: 2, sqsCalls: { SendMessage: 2 }, logBytes: 670 })] },
        // Reads are not in the mix: nothing of this step is priced.
        { step: 'get', functions: [counted({ function: 'getDossier', billedMs: 1_000_000, readUnits: 1_000 })] },
      ],
    };
    const list = priceList(measured);
    const line = (prefix: string) => list.lines.find((l) => l.item.startsWith(prefix))!;
    const memoryGb = functionDefinitions.putDossier.memoryMb / 1024;
    expect(line('Lambda compute').quantityPerDossier).toBeCloseTo(5 * 0.1 * memoryGb, 10);
    expect(line('Lambda invocations').quantityPerDossier).toBe(5);
    expect(line('API Gateway').quantityPerDossier).toBe(5);
    expect(line('API Gateway').usdPerMillionDossiers).toBeCloseTo(5 * unitPrices.apiGatewayRestRequest.usd * 1e6, 6);
    expect(line('SQS requests sent').quantityPerDossier).toBe(10);
    expect(line("SQS receive + delete").quantityPerDossier).toBe(20);
    expect(line('DynamoDB write').quantityPerDossier).toBe(10);
    expect(line('DynamoDB read').quantityPerDossier).toBe(0);
    // 670 measured bytes + 330 bytes of Lambda's own lines, five times.
    expect(line('CloudWatch Logs').quantityPerDossier).toBeCloseTo((5 * 1000) / 1e9, 15);
    expect(list.totalUsdPerMillion).toBeCloseTo(list.lines.reduce((n, l) => n + l.usdPerMillionDossiers, 0), 9);
    expect(list.byFunction.map((f) => f.function)).toEqual(['putDossier']);
    expect(list.byFunction[0]!.usdPerMillion).toBeCloseTo(list.totalUsdPerMillion, 6);
  });
});
