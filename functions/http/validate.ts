import type * as z from 'zod';
import type { FieldError } from '../../contracts/api/problem';
import { ValidationError } from '../core/errors';
import { toFieldErrors } from './field-errors';

/** Parses a value at the edge; every failing field is reported, not just the first. */
export function parseOrReject<S extends z.ZodType>(schema: S, value: unknown, location: FieldError['location']): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error, location));
  return result.data;
}
