import * as z from 'zod';
import type { QueueKey, TableKey } from '../../infra/topology/resources';
import { queues, tables } from '../../infra/topology/resources';
import { loadEnv } from '../config/env';

const resolved = new Map<string, string>();

/** Reads and validates one variable on first use, then serves it from memory (hot path). */
function resolve(envVar: string, schema: z.ZodString | z.ZodURL): string {
  let value = resolved.get(envVar);
  if (value === undefined) {
    value = loadEnv(z.object({ [envVar]: schema }))[envVar] as string;
    resolved.set(envVar, value);
  }
  return value;
}

/** The physical name of a table, from the environment variable the topology assigns to it. */
export function tableName(table: TableKey): string {
  return resolve(tables[table].envVar, z.string().min(3));
}

export function queueUrl(queue: QueueKey, which: 'main' | 'deadLetter' = 'main'): string {
  const definition = queues[queue];
  return resolve(which === 'main' ? definition.envVar : definition.deadLetter.envVar, z.url());
}
