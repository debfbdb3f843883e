import type { Context } from 'aws-lambda';
import { platformLimits } from '../../contracts/platform/limits';

/** Lambda's refusal of a synchronous response over its payload limit (its Invoke API names it so). */
export class LambdaResponseTooLargeError extends Error {
  override readonly name = 'LambdaResponseTooLargeError';
  readonly code = 'Function.ResponseSizeTooLarge';

  constructor(readonly bytes: number) {
    super(`the response payload has ${bytes} bytes; Lambda returns at most ${platformLimits.lambdaResponseBytes}`);
  }
}

/**
 * Calls a handler as Lambda does, across JSON both ways. The handler gets what `JSON.parse` makes
 * of the event: plain objects whose keys are all own properties, so a query key or header named
 * `__proto__` or `constructor` arrives as data, as it does in AWS. The result is serialised as
 * Lambda serialises it, and refused when it is larger than Lambda's synchronous response limit
 * (in AWS, API Gateway then answers 5xx).
 */
export async function invokeOverWire<T>(
  handler: (event: any, context: Context) => Promise<unknown>,
  event: unknown,
  context: Context,
): Promise<T> {
  return overWire<T>((received) => handler(received, context), event);
}

/** The same wire around any call that runs the function (the twin's container pool, a test's stand-in). */
export async function overWire<T>(call: (event: unknown) => Promise<unknown>, event: unknown): Promise<T> {
  const result = await call(JSON.parse(JSON.stringify(event ?? null)));
  const payload = JSON.stringify(result) ?? 'null';
  // A UTF-16 code unit is at most 3 UTF-8 bytes: skip counting bytes for payloads that cannot be over.
  const bytes = payload.length * 3 <= platformLimits.lambdaResponseBytes ? payload.length : Buffer.byteLength(payload, 'utf8');
  if (bytes > platformLimits.lambdaResponseBytes) throw new LambdaResponseTooLargeError(bytes);
  return JSON.parse(payload) as T;
}
