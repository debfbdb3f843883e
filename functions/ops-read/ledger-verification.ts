import type { LedgerVerifyAnswer, ledgerVerifyPartners } from '../../contracts/api/ops-ledger';
import { verifyLedger } from '../adapters/ledger/ledger-audit';
import { anchorStore } from '../adapters/ledger/ledger-anchor-store';
import { ledgerSigner } from '../adapters/ledger/ledger-signer';
import { ledgerVerifyConfig } from '../config/ledger-verify-config';
import { ValidationError } from '../core/errors';
import type { LedgerPartner } from '../core/ledger/ledger-record';
import type { LedgerPosition } from '../core/ledger/ledger-verify';

// The contract lists the ledger's partners itself (contracts import nothing from functions): kept equal here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const samePartners: Same<(typeof ledgerVerifyPartners)[number], LedgerPartner> = true;
void samePartners;

const position = (p: LedgerPosition) => ({ seq: p.seq ?? null, leaf: p.leaf ?? null, key: p.key ?? null });

/**
 * `ops ledger verify` for one UTC day, one partner or all, as an answer: the same verification
 * over the same table and anchors, checked against the public half of the signing key (KMS
 * GetPublicKey in AWS, the twin's key file), never against a key read from an anchor.
 */
export async function ledgerVerification(partner: LedgerPartner | undefined, day: string, now = new Date()): Promise<LedgerVerifyAnswer> {
  // A day still to come has no records: "intact" about it would only say nothing was looked at.
  if (day > now.toISOString().slice(0, 10)) {
    throw new ValidationError([{ location: 'query', path: '/day', message: `a day after today (UTC ${now.toISOString().slice(0, 10)}) has no records to verify` }]);
  }
  const from = `${day}T00:00:00.000Z`;
  const to = new Date(Date.parse(from) + 86_400_000).toISOString();
  const lateBoundSeconds = ledgerVerifyConfig().LEDGER_LATE_BOUND_SECONDS;
  const reports = await verifyLedger({ partners: partner ? [partner] : undefined, from, to, publicKeyPem: (await ledgerSigner()).publicKeyPem, anchors: anchorStore(), lateBoundSeconds });
  const partners = reports.map((report) => ({
    partner: report.partner,
    intact: report.findings.length === 0,
    anchors: report.anchors,
    sealedChecked: report.sealedChecked,
    nothingSealed: report.sealedChecked === 0,
    unsealed: report.unsealed,
    findings: report.findings.map((f) => ({ kind: f.kind, position: position(f.position), detail: f.detail })),
    sealedLate: report.sealedLate.map((l) => ({ position: position(l.position), writtenAt: l.writtenAt, treeFrom: l.treeFrom, sealedAt: l.sealedAt, lateSeconds: l.lateSeconds })),
  }));
  return { day, from, to, intact: partners.every((p) => p.intact), nothingSealed: partners.every((p) => p.nothingSealed), lateBoundSeconds, partners };
}
