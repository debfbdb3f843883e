import type { FoundViolation } from './runner';

/**
 * Violations the fuzzer finds today that other branches of issue 9 fix (edge: the emulator,
 * request ids and parser-level errors; intake: limits and bounded problem documents; paycb:
 * provider callbacks answered in the provider's format). The suite tolerates exactly these and
 * fails on anything else; once those branches are merged, each entry here must go — the suite
 * then holds the fix in place. Matchers are narrow: a class on a route for one kind of input.
 */
export interface KnownFinding {
  readonly id: string;
  /** The class of issue 9 ("found" list) it belongs to. */
  readonly issueClass: number;
  readonly fixedOn: 'edge' | 'intake' | 'paycb';
  readonly matches: (violation: FoundViolation) => boolean;
}

export const knownFindings: readonly KnownFinding[] = [];

export function knownFindingOf(violation: FoundViolation): KnownFinding | undefined {
  return knownFindings.find((finding) => finding.matches(violation));
}
