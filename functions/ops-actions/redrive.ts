import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import type { OpsQueue, RedriveRequest } from '../../contracts/api/ops';
import { queueCounts, redriveDeadLetters } from '../adapters/ops/queue-operations';

/** Leaves time to answer and ledger before Lambda's timeout. */
const answerReserveMs = 5_000;

export async function redrive(queue: OpsQueue, request: z.output<typeof RedriveRequest>, context: Context) {
  const ids = request.messageIds ? new Set(request.messageIds) : undefined;
  const remainingMs = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 30_000;
  const { moved, skipped } = await redriveDeadLetters(queue, {
    matches: (letter) => (!request.reason || letter.failureCode === request.reason) && (!ids || ids.has(letter.messageId)),
    ratePerSecond: request.ratePerSecond,
    max: request.max,
    deadline: Date.now() + Math.max(1_000, remainingMs - answerReserveMs),
  });
  const left = await queueCounts(queue, 'deadLetter');
  return { queue, moved, skipped, remaining: left.visible + left.inFlight + left.delayed };
}
