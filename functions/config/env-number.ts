import * as z from '../../contracts/zod-mini';

/*
 * A numeric environment variable in zod/mini: the text coerced to a number, bounded, with a
 * default when unset. The classic spelling (`z.coerce.number().int().min(a).max(b).default(d)`)
 * would bring classic zod (~90 kB) into every worker that reads its settings.
 */

/** A whole number in [min, max], `fallback` when the variable is unset. */
export const envInt = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(min), z.maximum(max))), fallback);

/** A number in [min, max], `fallback` when the variable is unset. */
export const envNumber = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.minimum(min), z.maximum(max)), fallback);
