import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { sampleDossier, sampleDossierCode } from './sample-dossier';
import { defaultApiConcurrency } from './lambda-runtime';
import { startTwin } from './twin';

/** `npm start`: the whole gateway on this machine, with every partner simulated. */

const { values: flags } = parseArgs({
  options: { 'in-memory': { type: 'boolean', default: false }, port: { type: 'string' }, 'data-dir': { type: 'string' } },
});

const TwinSettings = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LIENTHONG_DATA_DIR: z.string().default('.lienthong'),
  LIENTHONG_IN_MEMORY: z.stringbool().default(false),
  AWS_REGION: z.string().default('ap-southeast-1'),
  /** Most containers per function without a queue trigger (API routes, authorizer, schedules). */
  LIENTHONG_API_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(defaultApiConcurrency),
});

const settings = TwinSettings.parse({
  ...process.env,
  ...(flags.port ? { PORT: flags.port } : {}),
  ...(flags['data-dir'] ? { LIENTHONG_DATA_DIR: flags['data-dir'] } : {}),
  ...(flags['in-memory'] ? { LIENTHONG_IN_MEMORY: 'true' } : {}),
});

const dataDir = path.resolve(settings.LIENTHONG_DATA_DIR);
const twin = await startTwin({
  port: settings.PORT,
  dataDir,
  inMemory: settings.LIENTHONG_IN_MEMORY,
  region: settings.AWS_REGION,
  schedules: true,
  apiConcurrency: settings.LIENTHONG_API_CONCURRENCY,
  // One container per API function starts at once: the first requests find it warm (or starting).
  prewarm: true,
  // Fixed ports next to the gateway's make the printed URLs stable across restarts.
  simulatorPorts: settings.PORT > 0 ? { portal: settings.PORT + 1, city: settings.PORT + 2, identity: settings.PORT + 3, payment: settings.PORT + 4 } : {},
});

const samplePath = path.join(dataDir, 'sample-dossier.json');
writeFileSync(samplePath, `${JSON.stringify(sampleDossier(), null, 2)}\n`);
const relativeSample = path.relative(process.cwd(), samplePath) || samplePath;

console.log(`
Lienthong local twin is running.

  gateway        ${twin.gatewayUrl}
  openapi        ${twin.gatewayUrl}/openapi.json
  health         ${twin.gatewayUrl}/v1/health
${Object.entries(twin.simulators)
  .map(([name, url]) => `  ${`${name} sim`.padEnd(15)}${url}\n`)
  .join('')}  dynamodb       ${twin.dynamodbEndpoint} ${settings.LIENTHONG_IN_MEMORY ? '(in memory)' : `(data in ${path.join(dataDir, 'dynamodb')})`}
  sqs            ${twin.sqsEndpoint}
  twin.json      ${path.join(dataDir, 'twin.json')}

Demo API key (every scope):
  ${twin.apiKey}

Operators' console (sign in with the operator key; ops:read + ops:write + insight:read):
  ${twin.consoleUrl}
  ${twin.operatorKey}
  npm run ops -- health        # the same from the terminal: stuck, timeline, resync, redrive, redeliver

Try it:
  curl -i -X PUT ${twin.gatewayUrl}/v1/dossiers/${sampleDossierCode} \\
    -H "Authorization: Bearer ${twin.apiKey}" \\
    -H "Content-Type: application/json" \\
    --data-binary @${relativeSample}

  curl -s ${twin.gatewayUrl}/v1/dossiers/${sampleDossierCode} -H "Authorization: Bearer ${twin.apiKey}"

  # a citizen submits a dossier on the portal; the city system receives it
  curl -s -X POST ${twin.simulators.portal}/_actions/submit -H 'Content-Type: application/json' -d '{}'
  curl -s ${twin.simulators.city}/_inspect/deliveries

  # what the national portal (simulator) now holds, and its fault knobs
  curl -s ${twin.simulators.portal}/_inspect/dossiers/${sampleDossierCode}
  curl -s -X POST ${twin.simulators.portal}/_faults -H 'Content-Type: application/json' -d '{"down":true}'

  # citizens of the population database (simulator), to try POST /v1/citizens/verifications with
  curl -s ${twin.simulators.identity}/_inspect/sample

  # what the payment platform (simulator) holds: transactions, outcomes, confirmations sent
  curl -s ${twin.simulators.payment}/_inspect/payments

npm run demo runs a whole dossier's life through every partner; Ctrl-C stops the twin.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the twin…`);
    twin
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('twin did not stop cleanly', error);
        process.exit(1);
      });
  });
}
