import { parseArgs } from 'node:util';
import type { OpsCommandGroup } from './ops/command';
import { calendarCommands } from './ops/calendar';
import { insightCommands } from './ops/insight';
import { ledgerCommands } from './ops/ledger';
import { pointAtTarget, UsageError } from './ops/target';

/**
 * `npm run ops -- <group> <command> [options]` — the operators' CLI. Against the running twin by
 * default (it reads <data dir>/twin.json); with `--aws` against a deployed stack, using the
 * default AWS credential chain and the stack's outputs. New groups register here.
 */
const groups: Readonly<Record<string, OpsCommandGroup>> = { ledger: ledgerCommands, calendar: calendarCommands, insight: insightCommands };

const globalOptions = {
  aws: { type: 'boolean' },
  'data-dir': { type: 'string' },
  'ledger-table': { type: 'string' },
  'anchor-bucket': { type: 'string' },
  'signing-key': { type: 'string' },
  help: { type: 'boolean' },
} as const;

function usage(): string {
  const lines = ['usage: npm run ops -- <group> <command> [options]', ''];
  for (const [name, group] of Object.entries(groups)) {
    lines.push(`${name}: ${group.summary}`);
    for (const command of Object.values(group.commands)) lines.push(`  npm run ops -- ${command.usage}\n      ${command.summary}`);
  }
  lines.push(
    '',
    'options:',
    '  --data-dir <dir>   the twin\'s data dir (default: $LIENTHONG_DATA_DIR or .lienthong)',
    '  --aws --ledger-table <LedgerTableName> --anchor-bucket <LedgerAnchorBucketName> --signing-key <LedgerSigningKeyArn>',
    '                     act on a deployed stack instead of the local twin',
  );
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [groupName, commandName] = argv;
  const group = groupName ? groups[groupName] : undefined;
  const command = group && commandName ? group.commands[commandName] : undefined;
  if (!command) {
    const asked = argv.includes('--help') || argv.length === 0;
    (asked ? console.log : console.error)(usage());
    return asked ? 0 : 2;
  }
  const { values, positionals } = parseArgs({ args: argv.slice(2), allowPositionals: true, options: { ...globalOptions, ...command.options } });
  if (values.help) {
    console.log(`usage: npm run ops -- ${command.usage}\n${command.summary}`);
    return 0;
  }
  const target = command.offline ? { description: 'no storage target' } : pointAtTarget({
    aws: values.aws as boolean | undefined,
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
  if (!(error instanceof UsageError) && !(error instanceof TypeError && 'code' in error)) throw error;
  console.error(`${(error as Error).message}\n\n${usage()}`);
  process.exitCode = 2;
}
