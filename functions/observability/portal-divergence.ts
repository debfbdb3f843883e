import type { PortalVerification } from '../core/dossier/dossier-records';
import { logger } from './logger';
import { emitMetric } from './metrics';

/**
 * A divergence between the portal's copy and the acknowledgement, however it was found (the
 * scheduled verifier, or an operator's "verify now"): the divergence alarm counts the metric, the
 * line says which dossier (no personal data: the code, the acknowledged version, the differing
 * field names) and who looked.
 */
export function reportPortalDivergence(dossierCode: string, verification: PortalVerification, reopened: boolean, foundBy: 'verifier' | 'operator'): void {
  emitMetric('portalDivergences', {});
  logger.warn('portal divergence', { dossierCode, reopened, foundBy, ...verification });
}
