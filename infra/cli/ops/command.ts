import type { ParseArgsConfig } from 'node:util';
import type { OpsTarget } from './target';

/**
 * One `npm run ops -- <group> <command>` subcommand. Groups (ledger, later others) register
 * their commands in infra/cli/ops.ts; each declares its own options, parsed with the global ones.
 */
export interface OpsCommand {
  readonly usage: string;
  readonly summary: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Needs no storage target (works on a data file, or over HTTP): skips pointing at the twin or stack. */
  readonly offline?: boolean;
  /** Returns the exit code: 0 fine, 1 findings, 2 usage. */
  run(context: {
    readonly values: Record<string, string | boolean | undefined>;
    readonly positionals: readonly string[];
    readonly target: OpsTarget;
    readonly out: (line: string) => void;
  }): Promise<number>;
}

export interface OpsCommandGroup {
  readonly summary: string;
  readonly commands: Readonly<Record<string, OpsCommand>>;
}
