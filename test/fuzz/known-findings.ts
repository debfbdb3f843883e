import type { FoundViolation } from './runner';

/**
 * Violations the fuzzer finds that a branch in progress fixes: the suite tolerates exactly these and
 * fails on anything else, and once the fix is merged the entry must be deleted (the "stale finding"
 * test fails otherwise), so the suite then holds the fix in place. Matchers look at the cause (which
 * component answered, what was sent), not at the generator, so a new kind of input with the same
 * cause is still recognised and any other cause is not.
 *
 * Empty since issue 9's branches were merged (edge: the emulator's maps, request ids and
 * parser-level answers; intake: limits and bounded problem documents; paycb: provider callbacks in
 * the provider's own format). The entries they resolved, by the issue's class: 1 prototype-named
 * query keys; 2 provider callback crashes; 3 PayGov problem documents and webhook-ids too long for the
 * store; 4 portal events accepted but not deliverable; 5 dossiers accepted that the portal refuses;
 * 6 unbounded problem documents; 7 the emulator replacing a request id, and a function timeout under
 * the load of a 34 MiB answer (that answer no longer exists); 8 bare parser answers.
 */
export interface KnownFinding {
  readonly id: string;
  /** The class in the issue's "What was found" list. */
  readonly issueClass: number;
  /** The branch that fixes it. */
  readonly fixedOn: string;
  /** False when the seeded run inside `npm test` is too short to reach it reliably (long runs do). */
  readonly reachedBySeededRun?: false;
  readonly matches: (violation: FoundViolation) => boolean;
}

export const knownFindings: readonly KnownFinding[] = [];

export function knownFindingOf(violation: FoundViolation): KnownFinding | undefined {
  return knownFindings.find((finding) => finding.matches(violation));
}
