import type { SQSRecord } from 'aws-lambda';
import type { $ZodType, output } from 'zod/v4/core';
import { safeParse } from '../../contracts/zod-mini';
import { DeadLetterError } from '../core/partners/worker-outcomes';

/** A body that is not the contract's shape can never succeed: dead-letter it with the reason. */
export function parseQueueMessage<S extends $ZodType>(schema: S, record: SQSRecord): output<S> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new DeadLetterError('malformed-message', 'the message body is not JSON');
  }
  // zod's top-level safeParse takes classic and mini schemas alike (contracts/zod-mini.ts).
  const result = safeParse(schema, body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DeadLetterError('malformed-message', `the message does not match its contract: ${issues}`);
  }
  return result.data;
}
