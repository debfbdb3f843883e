import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { Scope, scopes } from '../../contracts/api/scopes';
import { tables } from '../topology/resources';

/**
 * `npm run keys -- <create|list|revoke> …` — manages API keys of city clients.
 * Against the running twin by default (it reads <data dir>/twin.json); with `--aws` against a
 * deployed stack, using the default AWS credential chain and the ClientsTableName stack output.
 */

const usage = `usage:
  npm run keys -- create --name <client> --scopes ${scopes.slice(0, 2).join(',')}
  npm run keys -- list
  npm run keys -- revoke --id <keyId>
options:
  --aws --table <ClientsTableName>   act on a deployed stack instead of the local twin
  --data-dir <dir>                    the twin's data dir (default: $LIENTHONG_DATA_DIR or .lienthong)
scopes: ${scopes.join(', ')}`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    scopes: { type: 'string' },
    id: { type: 'string' },
    aws: { type: 'boolean', default: false },
    table: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

function pointAtTarget(): string {
  if (values.aws) {
    const table = values.table ?? process.env[tables.clients.envVar];
    if (!table) fail(`--aws needs --table <ClientsTableName> (a stack output) or ${tables.clients.envVar}`);
    process.env[tables.clients.envVar] = table;
    return `AWS table ${table}`;
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.LIENTHONG_DATA_DIR ?? '.lienthong');
  let twin: { dynamodbEndpoint: string; region: string };
  try {
    twin = JSON.parse(readFileSync(path.join(dataDir, 'twin.json'), 'utf8'));
  } catch {
    fail(`no running twin found (${path.join(dataDir, 'twin.json')} is missing): start it with npm start, or pass --aws`);
  }
  process.env.AWS_ENDPOINT_URL_DYNAMODB = twin.dynamodbEndpoint;
  process.env.AWS_REGION = twin.region;
  process.env.AWS_ACCESS_KEY_ID ??= 'local-twin';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local-twin';
  process.env[tables.clients.envVar] = tables.clients.localName;
  return `local twin (${twin.dynamodbEndpoint})`;
}

async function main(): Promise<void> {
  const [command] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  const target = pointAtTarget();
  // Imported after the target is set: the adapters read the environment on first use.
  const store = await import('../../functions/adapters/api-key-store');
  const { generateApiKey } = await import('../../functions/core/access/api-keys');

  switch (command) {
    case 'create': {
      const name = z.string().regex(/^[\w .-]{2,64}$/).safeParse(values.name);
      if (!name.success) {
        fail(
          values.name === undefined
            ? '--name is required: 2–64 letters, digits, space, "." "_" or "-"'
            : `--name "${values.name}" is not a key name: 2–64 letters, digits, space, "." "_" or "-" (scopes go in --scopes)`,
        );
      }
      const requested = z.array(Scope).min(1).safeParse((values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean));
      if (!requested.success) fail(`--scopes must list one or more of: ${scopes.join(', ')}`);
      const { key, keyId, keyHash } = generateApiKey();
      await store.saveNewApiKey({
        keyHash,
        keyId,
        name: name.data,
        scopes: [...new Set(requested.data)],
        status: 'active',
        createdAt: new Date().toISOString(),
      });
      console.log(`created key ${keyId} for "${name.data}" on ${target} with scopes ${requested.data.join(',')}`);
      console.log('the key is shown once; store it now:');
      console.log(key);
      return;
    }
    case 'list': {
      const records = await store.listApiKeys();
      console.log(`${records.length} key(s) on ${target}`);
      for (const r of records) {
        console.log(`${r.keyId}  ${r.status.padEnd(7)}  ${r.name.padEnd(24)}  ${r.scopes.join(',').padEnd(32)}  created ${r.createdAt}${r.revokedAt ? `  revoked ${r.revokedAt}` : ''}`);
      }
      return;
    }
    case 'revoke': {
      if (!values.id) fail('--id <keyId> is required (see `list`)');
      const record = (await store.listApiKeys()).find((r) => r.keyId === values.id);
      if (!record) fail(`no key with id ${values.id} on ${target}`);
      await store.revokeApiKey(record.keyHash, new Date().toISOString());
      console.log(`revoked key ${record.keyId} ("${record.name}") on ${target}`);
      console.log('API Gateway may keep serving a cached allow for up to the authorizer cache TTL (5 minutes).');
      return;
    }
    default:
      fail(`unknown command "${command}"`);
  }
}

await main();
