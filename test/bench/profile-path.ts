import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { documentClient } from '../../functions/adapters/aws/dynamodb-client';
import { sqsClient } from '../../functions/adapters/aws/sqs-client';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { capturePutPartition, configureEnvironment, eventFactory } from './in-process';

/*
 * `node --cpu-prof --import tsx test/bench/profile-path.ts PUT 20000`: one path of the in-process
 * section alone, storage and queue answered by plain async sends, so a CPU profile (or callgrind)
 * shows the gateway's own work and nothing of the mock library. Prints the CPU µs per call.
 */
type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const [method = 'PUT', count = '20000'] = process.argv.slice(2);
if (method !== 'PUT' && method !== 'GET') throw new Error('usage: profile-path.ts PUT|GET [iterations]');
configureEnvironment();
const partition = await capturePutPartition();
Object.defineProperty(documentClient(), 'send', { value: async (command: unknown) => (command instanceof QueryCommand ? { Items: partition } : {}) });
Object.defineProperty(sqsClient(), 'send', { value: async () => ({ MessageId: '5fea7756-0ea4-451a-a703-a558b933e274' }) });
const module = method === 'PUT' ? await import('../../functions/put-dossier/handler') : await import('../../functions/get-dossier/handler');
const handler = module.handler as unknown as Handler;
const makeEvent = eventFactory(method, method === 'PUT' ? JSON.stringify(sampleDossier()) : undefined);
const context = { awsRequestId: 'profile', functionName: 'profile', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const iterations = Number(count);
const expected = method === 'PUT' ? 202 : 200;
for (let i = 0; i < 2_000; i++) await handler(makeEvent(i), context);
const events = Array.from({ length: iterations }, (_, i) => makeEvent(i));
const before = process.cpuUsage();
for (const event of events) {
  const result = await handler(event, context);
  if (result.statusCode !== expected) throw new Error(`${method} answered ${result.statusCode}: ${result.body}`);
}
const used = process.cpuUsage(before);
// The floor of in-process.ts, in the same process: the ratio moves less with the machine's load than the µs.
const body = JSON.stringify(sampleDossier());
let sink = 0;
for (let i = 0; i < 2_000; i++) sink += JSON.stringify(DossierSnapshotInput.parse(JSON.parse(body))).length;
const floorBefore = process.cpuUsage();
for (let i = 0; i < iterations; i++) sink += JSON.stringify(DossierSnapshotInput.parse(JSON.parse(body))).length;
const floorUsed = process.cpuUsage(floorBefore);
const perCall = (used.user + used.system) / iterations;
const floor = (floorUsed.user + floorUsed.system) / iterations;
console.log(`${method}: ${perCall.toFixed(1)} µs CPU per call over ${iterations}; floor ${floor.toFixed(1)} µs; ratio ${(perCall / floor).toFixed(2)}${sink ? '' : '!'}`);
