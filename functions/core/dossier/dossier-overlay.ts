import type { DossierSnapshot } from '../../../contracts/api/dossier';
import type { DossierOverlay } from './dossier-records';

/**
 * The snapshot as the portal should see it: the city's, with the gateway's own facts on top.
 * A confirmed payment makes the dossier "paid online" and marks its fees collected online; a fee
 * the city's snapshot does not list yet is added once (by fee code), so a later city snapshot
 * neither loses nor duplicates a payment.
 */
export function withOverlay(snapshot: DossierSnapshot, overlay: DossierOverlay | undefined): DossierSnapshot {
  const payments = Object.values(overlay?.payments ?? {});
  if (payments.length === 0) return snapshot;
  const paidFees = new Map(payments.flatMap((p) => p.fees.map((fee) => [fee.code, fee] as const)));
  const fees = snapshot.fees.map((fee) => (paidFees.has(fee.code) ? { ...fee, collectionMethod: 'online' as const } : fee));
  const listed = new Set(snapshot.fees.map((fee) => fee.code));
  for (const [code, fee] of paidFees) {
    if (!listed.has(code)) fees.push({ code, name: fee.name, amount: fee.amount, kind: 'fee', collectionMethod: 'online' });
  }
  return { ...snapshot, fees, project06: { ...snapshot.project06, paidOnline: true } };
}
