import { describe, expect, it } from 'vitest';
import { safeParse } from '../../contracts/zod-mini';
import { envInt, envNumber } from '../../functions/config/env-number';

describe('numeric environment variables (zod/mini)', () => {
  it('coerce the text, apply the default when unset, and keep the bounds', () => {
    const timeout = envInt(100, 60_000, 10_000);
    expect(safeParse(timeout, undefined)).toEqual({ success: true, data: 10_000 });
    expect(safeParse(timeout, '250')).toEqual({ success: true, data: 250 });
    expect(safeParse(timeout, '50').success).toBe(false);
    expect(safeParse(timeout, '60001').success).toBe(false);
    expect(safeParse(timeout, 'soon').success).toBe(false);
  });

  it('refuse a fraction where a whole number is asked, and accept it where it is not', () => {
    expect(safeParse(envInt(0, 10, 1), '2.5').success).toBe(false);
    expect(safeParse(envNumber(0, 1, 0.05), '0.25')).toEqual({ success: true, data: 0.25 });
    expect(safeParse(envNumber(0, 1, 0.05), '1.5').success).toBe(false);
  });
});
