import { parseArgs } from 'node:util';
import type { OpsCommand, OpsCommandGroup } from './ops/command';
import { calendarCommands } from './ops/calendar';
import { GatewayAnswerError } from './ops/gateway-api';
import { gatewayCommandGroups } from './ops/gateway-commands';
import { insightCommands } from './ops/insight';
import { ledgerCommands } from './ops/ledger';
import { pointAtTarget, UsageError } from './ops/target';

/**
 * `npm run ops -- <command> [options]` — the operators' CLI. The gateway commands (health, stuck,
 * timeline, redrive, resync, redeliver, verify) go through the gateway's /v1/ops API with an
 * operator key; the groups (ledger, calendar, insight) act on the stores directly (`npm run ops -- ledger verify`).
 * Against the running twin by default (<data dir>/twin.json); against a deployed stack with
 * `--stack <name>` (its CloudFormation outputs) and an operator key. New groups register here.
 */
const groups: Readonly<Record<string, OpsCommandGroup>> = { ledger: ledgerCommands, calendar: calendarCommands, insight: insightCommands };
const singles: Readonly<Record<string, OpsCommand>> = Object.fromEntries(Object.entries(gatewayCommandGroups).map(([name, group]) => [name, group.single]));

const globalOptions = {
  aws: { type: 'boolean' },
  stack: { type: 'string' },
  'data-dir': { type: 'string' },
  'ledger-table': { type: 'string' },
  'anchor-bucket': { type: 'string' },
  'signing-key': { type: 'string' },
  help: { type: 'boolean' },
} as const;

function usage(): string {
  const lines = ['usage: npm run ops -- <command> [options]', ''];
  for (const command of Object.values(singles)) lines.push(`  npm run ops -- ${command.usage}\n      ${command.summary}`);
  for (const [name, group] of Object.entries(groups)) {
    lines.push('', `${name}: ${group.summary}`);
    for (const command of Object.values(group.commands)) lines.push(`  npm run ops -- ${command.usage}\n      ${command.summary}`);
  }
  lines.push(
    '',
    'options:',
    "  --data-dir <dir>        the twin's data dir (default: $LIENTHONG_DATA_DIR or .lienthong)",
    '  --stack <name> --key <k> gateway commands on a deployed stack: its ApiUrl output is read from CloudFormation',
    '                          with the default AWS credentials and region (AWS_PROFILE, AWS_REGION); an operator key',
    '                          from npm run keys -- create --aws … --scopes ops:read,ops:write (or LIENTHONG_STACK, LIENTHONG_OPS_KEY)',
    '  --url <base> --key <k>  the same with the URL given: ApiUrl or ConsoleUrl (or LIENTHONG_OPS_URL)',
    '  --json                  gateway commands: the API answer as JSON, for scripts',
    '  --stack <name>          ledger commands on a deployed stack: LedgerTableName, LedgerAnchorBucketName and',
    '                          LedgerSigningKeyArn from its outputs (or --aws with --ledger-table, --anchor-bucket, --signing-key)',
  );
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  const single = first ? singles[first] : undefined;
  const group = first && !single ? groups[first] : undefined;
  const command = single ?? (group && second ? group.commands[second] : undefined);
  if (!command) {
    const asked = argv.includes('--help') || argv.length === 0;
    (asked ? console.log : console.error)(usage());
    return asked ? 0 : 2;
  }
  const { values, positionals } = parseArgs({ args: argv.slice(single ? 1 : 2), allowPositionals: true, options: { ...globalOptions, ...command.options } });
  if (values.help) {
    console.log(`usage: npm run ops -- ${command.usage}\n${command.summary}`);
    return 0;
  }
  // Gateway commands find the API themselves (twin.json or --url/--key); offline commands need no store.
  const target =
    single || command.offline
      ? { description: single ? 'the gateway API' : 'no storage target' }
      : await pointAtTarget({
          aws: values.aws as boolean | undefined,
          stack: values.stack as string | undefined,
          dataDir: values['data-dir'] as string | undefined,
          ledgerTable: values['ledger-table'] as string | undefined,
          anchorBucket: values['anchor-bucket'] as string | undefined,
          signingKeyArn: values['signing-key'] as string | undefined,
        });
  return command.run({ values: values as Record<string, string | boolean | undefined>, positionals, target, out: (line) => console.log(line) });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof GatewayAnswerError) {
    console.error(error.message);
    process.exitCode = 1;
  } else if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    process.exitCode = 2;
  } else throw error;
}
