import * as z from 'zod';

/** The portal services that change what the portal holds: the only ones whose answer matters. */
const mutatingServices = ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'] as const;

const Selector = {
  /** How many of the next matching calls get this fate. */
  calls: z.int().min(0).max(10_000),
  /** Only these services (default: both mutating services). */
  services: z.array(z.enum(mutatingServices)).min(1).optional(),
  /** Only calls about these dossier codes (default: any). */
  dossiers: z.array(z.string()).optional(),
};

/**
 * Knobs for the failures whose outcome the gateway cannot know (DESIGN.md §6): the portal applies
 * a request but the answer never arrives, or applies it late — after the client gave up, so a
 * later request can be overtaken by it.
 */
export const AmbiguityKnobs = z.strictObject({
  /** Apply the call, then reset the connection instead of answering. */
  loseAnswers: z.strictObject(Selector).optional(),
  /**
   * Hold the call unanswered (the client times out) and apply it `applyAfterMs` after it arrived,
   * or, without `applyAfterMs`, when `POST /_actions/apply-late` says so (deterministic tests).
   */
  applyLate: z.strictObject({ ...Selector, applyAfterMs: z.int().min(0).max(600_000).optional() }).optional(),
  /** TraCuuHoSo returns the process history (QuaTrinhXuLy) — unconfirmed at the real portal. */
  lookupHistory: z.boolean().optional(),
});
export type AmbiguityKnobs = z.output<typeof AmbiguityKnobs>;

export type CallFate = { readonly kind: 'answer' } | { readonly kind: 'lose-answer' } | { readonly kind: 'apply-late'; readonly applyAfterMs?: number };

type Selection = z.output<z.ZodObject<typeof Selector>>;

/** The knobs' current state, consumed call by call. */
export class AmbiguityFaults {
  private loseAnswers: Selection | undefined;
  private applyLate: (Selection & { applyAfterMs?: number }) | undefined;
  lookupHistory = true;

  update(knobs: AmbiguityKnobs): void {
    if (knobs.loseAnswers) this.loseAnswers = knobs.loseAnswers;
    if (knobs.applyLate) this.applyLate = knobs.applyLate;
    if (knobs.lookupHistory !== undefined) this.lookupHistory = knobs.lookupHistory;
  }

  reset(): void {
    this.loseAnswers = undefined;
    this.applyLate = undefined;
    this.lookupHistory = true;
  }

  get current(): AmbiguityKnobs {
    return { loseAnswers: this.loseAnswers, applyLate: this.applyLate, lookupHistory: this.lookupHistory };
  }

  /** Decides (and consumes) the fate of one call. */
  fateOf(service: string, dossierCodes: readonly string[]): CallFate {
    if (this.applyLate && matches(this.applyLate, service, dossierCodes)) {
      this.applyLate = { ...this.applyLate, calls: this.applyLate.calls - 1 };
      return { kind: 'apply-late', applyAfterMs: this.applyLate.applyAfterMs };
    }
    if (this.loseAnswers && matches(this.loseAnswers, service, dossierCodes)) {
      this.loseAnswers = { ...this.loseAnswers, calls: this.loseAnswers.calls - 1 };
      return { kind: 'lose-answer' };
    }
    return { kind: 'answer' };
  }
}

function matches(selection: Selection, service: string, dossierCodes: readonly string[]): boolean {
  if (selection.calls <= 0) return false;
  if (!(selection.services ?? mutatingServices).includes(service as (typeof mutatingServices)[number])) return false;
  return !selection.dossiers || dossierCodes.some((code) => selection.dossiers!.includes(code));
}
