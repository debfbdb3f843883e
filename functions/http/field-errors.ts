import type { $ZodError, $ZodIssue } from 'zod/v4/core';
import type { FieldError } from '../../contracts/api/problem';

/** Every zod issue becomes one field error whose path is a JSON Pointer (RFC 6901). */
export function toFieldErrors(error: $ZodError, location: FieldError['location']): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] =>
    // One error per unknown key, pointing at the key itself: the caller can find and drop it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ location, path: toJsonPointer([...issue.path, key]), message: 'unknown field; not part of the contract' }))
      : [{ location, path: toJsonPointer(issue.path), message: describeIssue(issue) }],
  );
}

export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function describeIssue(issue: $ZodIssue): string {
  // zod words a missing field as a type error; say what the caller has to do instead.
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `required (${issue.expected})`;
  return issue.message;
}
