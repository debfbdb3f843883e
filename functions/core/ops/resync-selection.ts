import type { ResyncRequest } from '../../../contracts/api/ops';
import { ValidationError } from '../errors';

export interface ResyncCandidate {
  readonly dossierCode: string;
  readonly unitCode?: string;
  readonly procedureCode: string;
  /** When the dossier was stored (scope all) or began to lag (scope lagging). */
  readonly since: string;
}

/** A re-sync must name what it touches: a code list, or at least one filter. Never "everything" by accident. */
export function assertSelective(request: ResyncRequest): void {
  if (request.codes?.length || request.unit || request.procedure || request.from || request.to) return;
  throw new ValidationError([{ location: 'body', path: '', message: 'name the dossiers: codes, unit, procedure, or a from/to range' }]);
}

export function selectCandidates(request: ResyncRequest, candidates: readonly ResyncCandidate[]): string[] {
  const from = request.from ? new Date(request.from).toISOString() : undefined;
  const to = request.to ? new Date(request.to).toISOString() : undefined;
  return candidates
    .filter((c) => !request.unit || c.unitCode === request.unit)
    .filter((c) => !request.procedure || c.procedureCode === request.procedure)
    .filter((c) => !from || c.since >= from)
    .filter((c) => !to || c.since < to)
    .map((c) => c.dossierCode)
    .slice(0, request.max);
}
