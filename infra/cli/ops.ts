import { parseArgs } from 'node:util';
import type { OpsCommand, OpsCommandGroup } from './ops/command';
import { GatewayAnswerError } from './ops/gateway-api';
import { gatewayCommandGroups } from './ops/gateway-commands';
import { pointAtTarget, UsageError } from './ops/target';

/**
 * `npm run ops -- <command> [options]` (the gateway's /v1/ops: health, stuck, timeline, redrive,
 * resync, redeliver) and `npm run ops -- <group> <command>` (groups that act on the stores
 * directly). Against the running twin by default (<data dir>/twin.json). New groups register here.
 */
const groups: Readonly<Record<string, OpsCommandGroup>> = {};
const singles: Readonly<Record<string, OpsCommand>> = Object.fromEntries(Object.entries(gatewayCommandGroups).map(([name, group]) => [name, group.single]));

const globalOptions = {
  aws: { type: 'boolean' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean' },
} as const;

function usage(): string {
  const lines = ['usage: npm run ops -- <command> [options]', ''];
  for (const command of Object.values(singles)) lines.push(`  npm run ops -- ${command.usage}\n      ${command.summary}`);
  for (const [name, group] of Object.entries(groups)) {
    lines.push(`${name}: ${group.summary}`);
    for (const command of Object.values(group.commands)) lines.push(`  npm run ops -- ${command.usage}\n      ${command.summary}`);
  }
  lines.push(
    '',
    'options:',
    "  --data-dir <dir>        the twin's data dir (default: $LIENTHONG_DATA_DIR or .lienthong)",
    '  --url <base> --key <k>  a deployed stack: its API (or console) URL and an operator key (or LIENTHONG_OPS_URL, LIENTHONG_OPS_KEY)',
    '  --json                  the API answer as JSON, for scripts',
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
  // Commands over the gateway's API find it themselves; store-level groups get their target here.
  const target = single ? { description: 'gateway API' } : pointAtTarget({ aws: values.aws as boolean | undefined, dataDir: values['data-dir'] as string | undefined });
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
