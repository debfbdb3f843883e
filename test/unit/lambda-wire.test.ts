import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { platformLimits } from '../../contracts/platform/limits';
import { invokeOverWire, LambdaResponseTooLargeError } from '../../infra/local/lambda-wire';

const context = {} as Context;
const limit = platformLimits.lambdaResponseBytes;
/** The serialised size of `{"statusCode":200,"body":""}`, the envelope around a body. */
const envelope = JSON.stringify({ statusCode: 200, body: '' }).length;

describe('a synchronous invocation across the Lambda wire', () => {
  it('returns a response of exactly the limit', async () => {
    // Prepare
    const result = { statusCode: 200, body: 'x'.repeat(limit - envelope) };

    // Act
    const returned = await invokeOverWire<typeof result>(async () => result, {}, context);

    // Assess
    expect(returned.body.length).toBe(limit - envelope);
  });

  it('refuses a response one byte over the limit, as Lambda does', async () => {
    // Act
    const invocation = invokeOverWire(async () => ({ statusCode: 200, body: 'x'.repeat(limit - envelope + 1) }), {}, context);

    // Assess
    await expect(invocation).rejects.toBeInstanceOf(LambdaResponseTooLargeError);
    await expect(invocation).rejects.toMatchObject({ code: 'Function.ResponseSizeTooLarge', bytes: limit + 1 });
  });

  it('counts UTF-8 bytes, not characters', async () => {
    // Prepare: 'ễ' is one character and three UTF-8 bytes.
    const characters = Math.floor(limit / 3) + 1;

    // Act
    const invocation = invokeOverWire(async () => ({ statusCode: 200, body: 'ễ'.repeat(characters) }), {}, context);

    // Assess
    await expect(invocation).rejects.toMatchObject({ bytes: envelope + characters * 3 });
  });

  it('delivers the event as JSON makes it: own properties only, whatever their names', async () => {
    // Prepare
    const event = Object.fromEntries([
      ['__proto__', 'a'],
      ['constructor', 'b'],
    ]);
    let received: Record<string, unknown> = {};

    // Act
    await invokeOverWire(
      async (delivered: Record<string, unknown>) => {
        received = delivered;
        return null;
      },
      event,
      context,
    );

    // Assess
    expect(received).not.toBe(event);
    expect(Object.getOwnPropertyDescriptor(received, '__proto__')?.value).toBe('a');
    expect(Object.getOwnPropertyDescriptor(received, 'constructor')?.value).toBe('b');
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
  });

  it('returns null for a handler that returns nothing, as Lambda does', async () => {
    // Act & Assess
    await expect(invokeOverWire(async () => undefined, {}, context)).resolves.toBeNull();
  });
});
