import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { routes } from '../../contracts/api/routes';
import { hashApiKey } from '../../functions/core/access/api-keys';
import { authorizerEvent, incomingCall, proxyEvent } from '../../infra/local/rest-api-events';
import { sampleDossier, sampleDossierCode } from '../../infra/local/sample-dossier';
import { queues, tables } from '../../infra/topology/resources';
import type { Bundle } from './bundles';
import { coldStartBudgets, kindOf } from './bundles';
import { capturePutPartition } from './in-process';
import { median } from './stats';

/*
 * Cold start beyond module load, for the API functions (issue 14):
 * - first invocation: a fresh Node process loads the deployed bundle and answers one realistic
 *   request, its DynamoDB and SQS calls going through the real SDK stack (signing, serialising,
 *   the first credential and endpoint resolution) to canned AWS answers from a loopback server in
 *   the same process — what a Lambda cold start pays before the network. The authorizer's one
 *   GetItem goes through its own signed JSON call (adapters/aws/dynamodb-json-api.ts) to the same
 *   server: the answers are keyed by the X-Amz-Target either way;
 * - instructions: valgrind's callgrind counts the instructions of a fresh process loading the
 *   bundle. Unlike wall time it repeats exactly whatever else the 2 shared cores are doing.
 */

const region = 'ap-southeast-1';
const accountId = '000000000000';
const benchKey = `lt_0123456789ab_${'b'.repeat(43)}`;

export interface FirstInvocation {
  readonly name: string;
  readonly status: number;
  /** `require()` of the bundle, in the child (median). */
  readonly loadMs: number;
  /** The first handler call after it (median). */
  readonly firstRequestMs: number;
  readonly runs: number;
}

export interface InstructionCount {
  readonly name: string;
  readonly instructions: number;
  /** Over a bare `node -e 0` counted the same way. */
  readonly overBare: number;
  /** Diagnostics (SDK bundled in) are not budgeted. */
  readonly diagnostic?: string;
}

export interface ColdStartMeasurement {
  readonly firstInvocation: readonly FirstInvocation[];
  readonly bareInstructions?: number;
  readonly instructions: readonly InstructionCount[];
  /** Why the instruction counts are missing (no valgrind), if they are. */
  readonly instructionsSkipped?: string;
}

/** What one child needs: the event, the canned answer per AWS operation, the status to expect. */
interface Case {
  readonly event: APIGatewayProxyEvent | APIGatewayRequestAuthorizerEvent;
  readonly answers: Record<string, unknown>;
  /** An HTTP status, or 'policy' for the authorizer's Allow policy. */
  readonly expect: number | 'policy';
}

function routeOf(operationId: string) {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route;
}

function apiEvent(operationId: string, target: string, pathParameters: Record<string, string>, body?: string): APIGatewayProxyEvent {
  const route = routeOf(operationId);
  const bytes = Buffer.from(body ?? '', 'utf8');
  return proxyEvent(
    incomingCall({
      method: route.method,
      target,
      rawHeaders: Object.entries({
        host: 'abcdef1234.execute-api.ap-southeast-1.amazonaws.com',
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(bytes.length) }),
        authorization: `Bearer ${benchKey}`,
        'x-forwarded-for': '203.0.113.10',
      }).flat(),
      body: bytes,
      sourceIp: '203.0.113.10',
    }),
    route,
    pathParameters,
    'bench-first',
    { principalId: 'key-bench', clientName: 'bench', keyId: 'key-bench', scopes: 'dossiers:read dossiers:write payments:read deliveries:read' },
  );
}

async function casesFor(): Promise<Record<string, Case>> {
  const partition = await capturePutPartition();
  const dossierPath = `/v1/dossiers/${sampleDossierCode}`;
  const keyRecord = {
    pk: `KEY#${hashApiKey(benchKey)}`,
    keyHash: hashApiKey(benchKey),
    keyId: 'key-bench',
    name: 'bench',
    scopes: ['dossiers:read', 'dossiers:write'],
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
  };
  const getRoute = routeOf('getDossier');
  const call = incomingCall({ method: 'GET', target: dossierPath, rawHeaders: ['authorization', `Bearer ${benchKey}`], body: Buffer.alloc(0), sourceIp: '203.0.113.10' });
  return {
    authorizer: { event: authorizerEvent(call, getRoute, { code: sampleDossierCode }, region, 'bench-first'), answers: { GetItem: { Item: marshall(keyRecord) } }, expect: 'policy' },
    putDossier: { event: apiEvent('putDossier', dossierPath, { code: sampleDossierCode }, JSON.stringify(sampleDossier())), answers: { UpdateItem: {}, PutItem: {} }, expect: 202 },
    getDossier: { event: apiEvent('getDossier', dossierPath, { code: sampleDossierCode }), answers: { Query: { Items: partition.map((item) => marshall(item, { removeUndefinedValues: true })), Count: partition.length } }, expect: 200 },
    // No such payment or event: the not-found path (validation, one read, a problem document).
    getPayment: { event: apiEvent('getPayment', '/v1/payments/LT261122ABCDEFGHJK', { paymentId: 'LT261122ABCDEFGHJK' }), answers: { GetItem: {} }, expect: 404 },
    getDelivery: { event: apiEvent('getDelivery', '/v1/deliveries/msg_bench', { eventId: 'msg_bench' }), answers: { Query: { Items: [], Count: 0 } }, expect: 404 },
    health: {
      event: apiEvent('getHealth', '/v1/health', {}),
      answers: { DescribeTable: { Table: { TableStatus: 'ACTIVE' } }, GetQueueAttributes: { Attributes: { ApproximateNumberOfMessages: '0' } } },
      expect: 200,
    },
  };
}

/**
 * The child: starts a loopback server answering AWS JSON-protocol calls from the canned answers
 * (SQS SendMessage with the MD5 the SDK checks), points the SDK at it through the standard
 * endpoint variables and the queue URLs, then times require() and the first call.
 */
const childSource = String.raw`
const http = require('node:http');
const { createHash } = require('node:crypto');
const spec = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] || '');
    const operation = target.slice(target.lastIndexOf('.') + 1);
    let answer = spec.answers[operation];
    if (operation === 'SendMessage') {
      const { MessageBody } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      answer = { MessageId: '5fea7756-0ea4-451a-a703-a558b933e274', MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex') };
    }
    if (answer === undefined) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: 'bench has no answer for ' + target }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'bench' });
    res.end(JSON.stringify(answer));
  });
});
server.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = base;
  process.env.AWS_ENDPOINT_URL_SQS = base;
  for (const [envVar, name] of Object.entries(spec.queueEnv)) process.env[envVar] = base + '/000000000000/' + name;
  const context = { functionName: 'bench', awsRequestId: 'bench-first', getRemainingTimeInMillis: () => 10000, callbackWaitsForEmptyEventLoop: false };
  const started = performance.now();
  const { handler } = require(spec.bundle);
  const loaded = performance.now();
  let status;
  try {
    const result = await handler(spec.event, context);
    status = result && result.policyDocument ? 'policy' : result && result.statusCode;
  } catch (error) {
    status = 'threw ' + (error && error.message);
  }
  const answered = performance.now();
  // The handler's own log lines go to stdout too: the result is the line after the marker.
  process.stdout.write('\n@@first-invocation ' + JSON.stringify({ status, loadMs: loaded - started, firstRequestMs: answered - loaded }) + '\n');
  server.close();
  process.exit(0);
});
`;

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_SERVICE_NAME: 'lienthong',
  };
  delete env.NODE_OPTIONS;
  delete env.AWS_PROFILE;
  for (const table of Object.values(tables)) env[table.envVar] = table.localName;
  return env;
}

function queueEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const queue of Object.values(queues)) {
    out[queue.envVar] = queue.localName;
    out[queue.deadLetter.envVar] = queue.deadLetter.localName;
  }
  return out;
}

/** Fresh processes, interleaved across functions; medians per function. */
export async function measureFirstInvocation(bundles: readonly Bundle[], dir: string, runs = 5): Promise<FirstInvocation[]> {
  const cases = await casesFor();
  const childFile = path.join(dir, 'first-invocation-child.cjs');
  writeFileSync(childFile, childSource);
  const env = childEnv();
  const targets = bundles.filter((b) => cases[b.name]).map((b) => {
    const specFile = path.join(dir, `${b.name}.first-invocation.json`);
    const theCase = cases[b.name]!;
    writeFileSync(specFile, JSON.stringify({ bundle: b.file, event: theCase.event, answers: theCase.answers, queueEnv: queueEnv() }));
    return { bundle: b, specFile, expect: theCase.expect, loads: [] as number[], firsts: [] as number[], status: 0 as number | string };
  });
  for (let round = 0; round < runs + 1; round++) {
    for (const target of targets) {
      const child = spawnSync(process.execPath, [childFile, target.specFile], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
      if (child.status !== 0) throw new Error(`first invocation of ${target.bundle.name} exited ${child.status ?? child.signal}: ${child.stderr.slice(0, 800)}`);
      const line = child.stdout.split('\n').find((l) => l.startsWith('@@first-invocation '));
      if (!line) throw new Error(`first invocation of ${target.bundle.name} printed no result: ${child.stdout.slice(-500)} ${child.stderr.slice(-500)}`);
      const result = JSON.parse(line.slice('@@first-invocation '.length)) as { status: number | string; loadMs: number; firstRequestMs: number };
      if (result.status !== target.expect) throw new Error(`first invocation of ${target.bundle.name} answered ${result.status}, expected ${target.expect}: ${child.stdout.slice(-800)} ${child.stderr.slice(0, 800)}`);
      target.status = result.status;
      if (round === 0) continue; // warms the file cache, as the load section's warm-ups do
      target.loads.push(result.loadMs);
      target.firsts.push(result.firstRequestMs);
    }
  }
  return targets.map((t) => ({ name: t.bundle.name, status: typeof t.status === 'number' ? t.status : 200, loadMs: median(t.loads), firstRequestMs: median(t.firsts), runs }));
}

/** Instructions of one fresh process, from callgrind's summary line. */
function countInstructions(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || !match?.[1]) reject(new Error(`callgrind ${args.join(' ')}: exit ${code}: ${stderr.slice(-500)}`));
      else resolve(Number(match[1]));
    });
  });
}

const requireArgs = (file: string) => ['--input-type=module', '-e', `import { createRequire } from 'node:module'; createRequire(import.meta.url)(${JSON.stringify(file)});`];

export function valgrindMissing(): string | undefined {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'valgrind not found (apt-get install valgrind)';
}

/**
 * One count per bundle (deterministic, so once is enough), and the bare node it is compared to.
 * Two at a time: a count does not depend on what else runs, and valgrind is ~50× slower than node.
 */
export async function measureInstructions(targets: readonly { name: string; file: string; diagnostic?: string }[], cwd: string): Promise<{ bare: number; counts: InstructionCount[] }> {
  const env = childEnv();
  const jobs = [{ name: 'bare', args: ['-e', '0'] }, ...targets.map((target) => ({ name: target.name, args: requireArgs(target.file) }))];
  const counted = new Map<string, number>();
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        counted.set(job.name, await countInstructions(job.args, cwd, env));
      }
    }),
  );
  const bare = counted.get('bare')!;
  const counts = targets.map((target) => {
    const instructions = counted.get(target.name)!;
    return { name: target.name, instructions, overBare: instructions - bare, diagnostic: target.diagnostic };
  });
  return { bare, counts };
}

const mega = (n: number) => `${(n / 1e6).toFixed(0)} M`;

/** Rows for the bench table: [what, measured, budget, met ('' = no budget)]. */
export function coldStartRows(measurement: ColdStartMeasurement, bareLoadMs?: number): [string, string, string, '' | 'yes' | 'no'][] {
  const rows: [string, string, string, '' | 'yes' | 'no'][] = [];
  for (const first of measurement.firstInvocation) {
    const total = first.loadMs + first.firstRequestMs;
    rows.push([
      `first invocation: ${first.name} (require + first ${first.status} request, storage to loopback)`,
      `${total.toFixed(0)} ms (load ${first.loadMs.toFixed(0)} + request ${first.firstRequestMs.toFixed(0)})${bareLoadMs === undefined ? '' : `; ${(bareLoadMs + total).toFixed(0)} ms with node start`}`,
      '—',
      '',
    ]);
  }
  if (measurement.bareInstructions !== undefined) rows.push(['instructions: bare `node -e 0` (callgrind)', mega(measurement.bareInstructions), '—', '']);
  for (const count of measurement.instructions) {
    rows.push([`instructions: ${count.diagnostic ?? count.name} load`, `+${mega(count.overBare)} (${mega(count.instructions)} total)`, '—', '']);
  }
  if (measurement.instructionsSkipped) rows.push(['instructions (callgrind)', `not measured: ${measurement.instructionsSkipped}`, '—', '']);
  return rows;
}

export { coldStartBudgets, kindOf };
