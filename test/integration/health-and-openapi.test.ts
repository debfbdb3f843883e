import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../contracts/api/routes';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

let fixture: TwinFixture;
beforeAll(async () => {
  fixture = await startTestTwin();
});
afterAll(() => fixture.stop());

describe('GET /openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document without a key', async () => {
    const response = await call(fixture.twin.gatewayUrl, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const result = await new Validator().validate(response.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route of the route table with its method', async () => {
    const { body } = await call(fixture.twin.gatewayUrl, 'GET', '/openapi.json');
    for (const route of routes) {
      expect(body.paths[route.path]?.[route.method.toLowerCase()]?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
    }
  });
});

describe('GET /v1/health', () => {
  it('answers 503 naming the failing dependency, and serves the result from its short cache', async () => {
    const sqs = new SQSClient({ endpoint: fixture.twin.sqsEndpoint });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: fixture.twin.queueUrls.portalSync.deadLetter }));
    sqs.destroy();

    const first = await call(fixture.twin.gatewayUrl, 'GET', '/v1/health');
    expect(first.status).toBe(503);
    expect(first.body.status).toBe('fail');
    const failing = first.body.checks.filter((c: { status: string }) => c.status === 'fail').map((c: { name: string }) => c.name);
    expect(failing).toEqual(['queue:portalSync:dlq']);
    expect(first.body.checks.find((c: { name: string }) => c.name === 'table:dossiers').status).toBe('pass');

    const second = await call(fixture.twin.gatewayUrl, 'GET', '/v1/health');
    expect(second.body.cached).toBe(true);
  });
});
