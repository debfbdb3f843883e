import { readFileSync } from 'node:fs';
import type { LedgerPartner } from '../../../functions/core/ledger/ledger-record';
import { ledgerPartners } from '../../../functions/core/ledger/ledger-record';
import type { OpsCommandGroup } from './command';
import { ledgerLateBoundSeconds } from '../../topology/ledger-late-bound';
import { UsageError } from './target';

/** Day (YYYY-MM-DD) or ISO time → ISO time; `--to` of a day means the end of that day. */
function parseWhen(value: string | undefined, endOfDay: boolean): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    return new Date(endOfDay ? start + 86_400_000 : start).toISOString();
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`not a day or a time: ${value}`);
  return new Date(at).toISOString();
}

/** The public key verification trusts: the twin's key file, or the KMS key's public half. */
async function publicKeyPem(twinKeyFile: string | undefined): Promise<string> {
  if (twinKeyFile) return readFileSync(twinKeyFile, 'utf8');
  const { ledgerSigner } = await import('../../../functions/adapters/ledger/ledger-signer');
  return (await ledgerSigner()).publicKeyPem;
}

export const ledgerCommands: OpsCommandGroup = {
  summary: 'verify the ledger against its signed anchors; prove one exchange',
  commands: {
    verify: {
      usage: 'ledger verify [--partner P] [--from DAY|TIME] [--to DAY|TIME] [--json]',
      summary: 'recompute every tree and head, check signatures and anchors, report rewritten/deleted/inserted/reordered/truncated records, warn of records sealed late (inserted-late beyond what a write can take)',
      options: { partner: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
      run: async ({ values, target, out }) => {
        const partner = values.partner as string | undefined;
        if (partner && !(ledgerPartners as readonly string[]).includes(partner)) throw new UsageError(`--partner must be one of ${ledgerPartners.join(', ')}`);
        const { verifyLedger } = await import('../../../functions/adapters/ledger/ledger-audit');
        const { anchorStore } = await import('../../../functions/adapters/ledger/ledger-anchor-store');
        const reports = await verifyLedger({
          partners: partner ? [partner as LedgerPartner] : undefined,
          from: parseWhen(values.from as string | undefined, false),
          to: parseWhen(values.to as string | undefined, true),
          publicKeyPem: await publicKeyPem(target.ledgerPublicKeyFile),
          anchors: anchorStore(),
          lateBoundSeconds: ledgerLateBoundSeconds(),
        });
        const findings = reports.flatMap((report) => report.findings);
        const late = reports.flatMap((report) => report.sealedLate);
        if (values.json) out(JSON.stringify(reports, null, 2));
        else {
          out(`ledger verify on ${target.description}`);
          for (const r of reports) {
            out(`  ${r.partner.padEnd(9)} ${String(r.anchors).padStart(6)} trees  ${String(r.sealedChecked).padStart(8)} sealed records checked  ${String(r.unsealed).padStart(6)} not sealed yet  ${r.findings.length} finding(s)`);
          }
          for (const f of findings) {
            const where = [f.position.seq !== undefined ? `tree ${f.position.seq}` : '', f.position.leaf !== undefined ? `leaf ${f.position.leaf}` : '', f.position.key ? `key ${f.position.key}` : '']
              .filter(Boolean)
              .join(' ');
            out(`  ${f.kind.toUpperCase().padEnd(20)} ${f.partner.padEnd(9)} ${where}: ${f.detail}`);
          }
          // Warnings, not findings: a slow write is sealed late too; beyond the bound it is also INSERTED-LATE above.
          for (const l of late) {
            out(`  warning: sealed late   ${l.partner.padEnd(9)} tree ${l.position.seq} leaf ${l.position.leaf} key ${l.position.key}: written ${l.writtenAt}, sealed by tree ${l.position.seq} (from ${l.treeFrom}, sealed ${l.sealedAt}), ${l.lateSeconds} s late`);
          }
          const warned = late.length === 0 ? '' : ` (${late.length} record(s) sealed late, within the ${ledgerLateBoundSeconds()} s a genuine write can take)`;
          out(findings.length === 0 ? `ledger intact${warned}` : `ledger NOT intact: ${findings.length} finding(s)`);
        }
        return findings.length === 0 ? 0 : 1;
      },
    },
    prove: {
      usage: 'ledger prove <messageId>',
      summary: 'print inclusion proofs (record, Merkle path, signed head) of every record of a message, as JSON',
      options: {},
      run: async ({ positionals, target, out }) => {
        const [messageId] = positionals;
        if (!messageId) throw new UsageError('ledger prove needs a messageId');
        const { proveMessage } = await import('../../../functions/adapters/ledger/ledger-audit');
        const { anchorStore } = await import('../../../functions/adapters/ledger/ledger-anchor-store');
        const results = await proveMessage(messageId, anchorStore());
        if (results.length === 0) throw new UsageError(`no ledger record for message ${messageId} on ${target.description}`);
        out(JSON.stringify(results.map((r) => r.proof ?? { record: r.record, proof: 'not sealed yet: the sealer seals each minute, about two minutes behind' }), null, 2));
        return results.every((r) => r.proof) ? 0 : 3;
      },
    },
    records: {
      usage: 'ledger records --partner P [--from DAY|TIME] [--to DAY|TIME]',
      summary: "list a partner's records (time, message id, operation, outcome) to pick one to prove; the last hour by default",
      options: { partner: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
      run: async ({ values, target, out }) => {
        const partner = values.partner as string | undefined;
        if (!partner || !(ledgerPartners as readonly string[]).includes(partner)) throw new UsageError(`--partner must be one of ${ledgerPartners.join(', ')}`);
        const { readLedgerRecords } = await import('../../../functions/adapters/ledger/ledger-store');
        const now = Date.now();
        const from = parseWhen(values.from as string | undefined, false) ?? new Date(now - 3_600_000).toISOString();
        const to = parseWhen(values.to as string | undefined, true) ?? new Date(now + 60_000).toISOString();
        const records = await readLedgerRecords(partner as LedgerPartner, from, to);
        out(`${records.length} ${partner} record(s) on ${target.description}, ${from} to ${to}`);
        for (const { record: r } of records) {
          out(`${r.writtenAt}  ${r.direction.padEnd(8)}  ${r.operation.padEnd(22)}  ${r.outcome.padEnd(9)}  ${String(r.httpStatus ?? '').padEnd(3)}  ${(r.errorCode ?? '').padEnd(20)}  ${r.messageId}`);
        }
        return 0;
      },
    },
    'public-key': {
      usage: 'ledger public-key',
      summary: 'print the PEM public key that checks tree-head signatures',
      options: {},
      run: async ({ target, out }) => {
        out((await publicKeyPem(target.ledgerPublicKeyFile)).trimEnd());
        return 0;
      },
    },
  },
};
