import * as z from 'zod';
import type { QueueKey, TableKey } from '../../infra/topology/resources';
import { queues, tables } from '../../infra/topology/resources';
import { loadEnv } from '../config/env';

/*
 * Physical resource names, from the environment variables the topology assigns. Each variable is
 * validated on first use and then served from memory: these run on every storage and queue call,
 * so a hit is one Map lookup and builds no schema.
 */

const TableNameValue = z.string().min(3);
const QueueUrlValue = z.url();

const resolved = new Map<string, string>();

function resolve(envVar: string, schema: typeof TableNameValue | typeof QueueUrlValue): string {
  const cached = resolved.get(envVar);
  if (cached !== undefined) return cached;
  const value = loadEnv(z.object({ [envVar]: schema }))[envVar] as string;
  resolved.set(envVar, value);
  return value;
}

/** The physical name of a table, from the environment variable the topology assigns to it. */
export function tableName(table: TableKey): string {
  return resolve(tables[table].envVar, TableNameValue);
}

export function queueUrl(queue: QueueKey, which: 'main' | 'deadLetter' = 'main'): string {
  const definition = queues[queue];
  return resolve(which === 'main' ? definition.envVar : definition.deadLetter.envVar, QueueUrlValue);
}
