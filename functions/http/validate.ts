import type { $ZodType, output } from 'zod/v4/core';
import * as z from '../../contracts/zod-mini';
import type { FieldError } from '../../contracts/api/problem';
import { ValidationError } from '../core/errors';
import { toFieldErrors } from './field-errors';

/**
 * Parses a value at the edge; every failing field is reported, not just the first. Takes any zod
 * schema, classic or mini (contracts/zod-mini.ts), through zod's top-level `safeParse`: the same
 * parse the classic method runs, without tying the smallest functions to the classic API.
 */
export function parseOrReject<S extends $ZodType>(schema: S, value: unknown, location: FieldError['location']): output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error, location));
  return result.data;
}
