import type { QueueKey, TableKey } from '../../../contracts/platform/resources';
import { queues, tables } from '../../../contracts/platform/resources';
import { ConfigurationError } from '../../core/errors';

/*
 * Physical resource names, from the environment variables the topology assigns. Each variable is
 * validated on first use and then served from memory: these run on every storage and queue call,
 * so a hit is one Map lookup. The checks are two plain tests, not a schema: every function loads
 * this module (the authorizer too), and a schema library here would be in every bundle for them.
 */

const resolved = new Map<string, string>();

/** Same wording as functions/config/env.ts `loadEnv`, so a misconfiguration reads alike wherever it is caught. */
function resolve(envVar: string, valid: (value: string) => boolean, expected: string): string {
  const cached = resolved.get(envVar);
  if (cached !== undefined) return cached;
  const value = process.env[envVar];
  if (value === undefined) throw new ConfigurationError(`invalid configuration: ${envVar}: missing (${expected})`);
  if (!valid(value)) throw new ConfigurationError(`invalid configuration: ${envVar}: not ${expected}`);
  resolved.set(envVar, value);
  return value;
}

const isTableName = (value: string) => value.length >= 3;
const isUrl = (value: string) => URL.canParse(value);

/** The physical name of a table, from the environment variable the topology assigns to it. */
export function tableName(table: TableKey): string {
  return resolve(tables[table].envVar, isTableName, 'a table name of at least 3 characters');
}

export function queueUrl(queue: QueueKey, which: 'main' | 'deadLetter' = 'main'): string {
  const definition = queues[queue];
  return resolve(which === 'main' ? definition.envVar : definition.deadLetter.envVar, isUrl, 'a URL');
}
