import { sealTiming } from '../../functions/core/ledger/ledger-seal';
import { functions } from './functions';
import type { FunctionDefinition } from './functions';

/**
 * The most a genuine ledger write can be late, for `ledger verify`: a function creates a record
 * (its writtenAt) and awaits the PutItem within its invocation, so the record lands at most the
 * longest ledger-writing function's timeout after its time. The seal grace is added as slack
 * (clock skew between Lambdas, the sealer reading a little after its `now`); the late window is
 * held longer than this sum (test/infra/ledger-sealing.test.ts), so every genuine late write is
 * sealed and only a back-dated record can be sealed later than this.
 */
export function ledgerLateBoundSeconds(): number {
  const writers = Object.values(functions as Record<string, FunctionDefinition>).filter(({ tables }) => tables.ledger === 'write' || tables.ledger === 'readWrite');
  return sealTiming.graceSeconds + Math.max(...writers.map((definition) => definition.timeoutSeconds));
}
