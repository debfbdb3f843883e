import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * For a conditional write whose failed condition only means that another writer already moved the
 * item on (a status that only goes forward, a marker already released): `.catch` it with this, and
 * anything else still fails the caller.
 */
export function ignoreConditionFailed(error: unknown): void {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
}
