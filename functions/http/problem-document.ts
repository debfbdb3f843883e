import type { FieldError, Problem } from '../../contracts/api/problem';
import { problemLimits } from '../../contracts/api/problem-types';

/**
 * Serialises a problem document within `problemLimits`: at most 100 field errors plus
 * `errorsOmitted`, texts cut, and the whole document under the byte cap. Every function's error
 * answer goes through here, so no input can make an error document exceed what Lambda may return.
 */
export function boundedProblemJson(problem: Problem, fieldErrors: readonly FieldError[] = []): string {
  const listed = fieldErrors.slice(0, problemLimits.fieldErrors).map(cutFieldError);
  const base: Problem = { ...problem, detail: cut(problem.detail, problemLimits.detailChars) };
  for (let count = listed.length; ; count = Math.floor(count / 2)) {
    const omitted = fieldErrors.length - count;
    const json = JSON.stringify({
      ...base,
      ...(fieldErrors.length > 0 ? { errors: listed.slice(0, count) } : {}),
      ...(omitted > 0 ? { errorsOmitted: omitted } : {}),
    });
    if (Buffer.byteLength(json, 'utf8') <= problemLimits.documentBytes) return json;
    // Only an error with huge extensions can stay over the cap with no field errors listed:
    // answer the members every problem has, which are bounded.
    if (count === 0) return JSON.stringify(coreMembers(base, fieldErrors.length));
  }
}

function coreMembers(problem: Problem, errorCount: number): Problem {
  const { type, title, status, detail, instance, requestId } = problem;
  return {
    type,
    title,
    status,
    detail,
    instance: cut(instance, problemLimits.fieldTextChars),
    requestId,
    ...(errorCount > 0 ? { errorsOmitted: errorCount } : {}),
  };
}

function cutFieldError(error: FieldError): FieldError {
  return { location: error.location, path: cut(error.path, problemLimits.fieldTextChars)!, message: cut(error.message, problemLimits.fieldTextChars)! };
}

/** Cuts to at most `max` code units, never halving a surrogate pair, and marks the cut with "…". */
function cut(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value.length <= max) return value;
  let end = max - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}
