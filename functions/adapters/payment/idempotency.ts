import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { once } from '../../config/once';
import { IdempotencyKeyReusedError, RequestInProgressError } from '../../core/errors';
import { tableName } from '../aws/resource-names';

/** The Powertools idempotency store, on the idempotency table of the topology. */
const persistenceStore = once(() => new DynamoDBPersistenceLayer({ tableName: tableName('idempotency') }));

/** A retried write is answered from the record for a day; after that the key may be reused. */
const recordLifetimeSeconds = 24 * 60 * 60;

export interface IdempotentCall<R> {
  /** Scoped to the caller (API key id), so two clients cannot collide on a key. */
  readonly key: string;
  readonly request: unknown;
  readonly run: () => Promise<R>;
}

/**
 * Runs a write at most once per Idempotency-Key (Powertools idempotency): a repeat with the same
 * key and body returns the stored result; the same key with another body is refused (422); a
 * repeat while the first is still running is refused (409, retry shortly).
 */
export async function runIdempotently<R>(call: IdempotentCall<R>, context: Context): Promise<R> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'request',
    expiresAfterSeconds: recordLifetimeSeconds,
    throwOnNoIdempotencyKey: true,
  });
  config.registerLambdaContext(context);
  const idempotent = makeIdempotent(async (_event: { key: string; request: unknown }) => call.run(), {
    persistenceStore: persistenceStore(),
    config,
  });
  try {
    return (await idempotent({ key: call.key, request: call.request })) as R;
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw new IdempotencyKeyReusedError('this Idempotency-Key was already used with a different body; use a new key for a new request');
    }
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new RequestInProgressError('the first request with this Idempotency-Key is still being processed; retry shortly');
    }
    throw error;
  }
}
