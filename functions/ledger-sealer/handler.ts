import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import * as z from '../../contracts/zod-mini';
import { envInt } from '../config/env-number';
import { anchorStore } from '../adapters/ledger/ledger-anchor-store';
import { acquireSealLease, readSealState, releaseSealLease, saveSealState } from '../adapters/ledger/ledger-seal-store';
import { ledgerSigner } from '../adapters/ledger/ledger-signer';
import { readLedgerRecords } from '../adapters/ledger/ledger-store';
import { ledgerPartners } from '../core/ledger/ledger-record';
import type { SealOutcome } from '../core/ledger/ledger-sealer';
import { sealPartner } from '../core/ledger/ledger-sealer';
import { loadEnv, once } from '../config/env';
import { sealTiming } from '../core/ledger/ledger-seal';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';

const settings = once(() =>
  loadEnv(z.object({ LEDGER_SEAL_GRACE_SECONDS: envInt(0, 3_600, sealTiming.graceSeconds) })),
);

/** Each minute: seals every partner's new ledger records into a signed, anchored Merkle tree. */
export const handler = middy<ScheduledEvent, unknown>().handler(async (_event, context: Context) => {
  const owner = randomUUID();
  const now = Date.now();
  // The lease outlives this invocation by nothing: a crashed sealer frees it when its timeout would have.
  if (!(await acquireSealLease(owner, now, now + context.getRemainingTimeInMillis()))) {
    logger.info('ledger sealer already running');
    return { skipped: true };
  }
  try {
    const outcomes: SealOutcome[] = [];
    const failed: string[] = [];
    // Partner by partner: one partner's failure must not leave the others unsealed.
    for (const partner of ledgerPartners) {
      try {
        outcomes.push(
          await sealPartner(partner, {
            readRecords: readLedgerRecords,
            readState: readSealState,
            saveState: saveSealState,
            putAnchor: (p, seq, body) => anchorStore().putOnce(p, seq, body),
            getAnchor: (p, seq) => anchorStore().get(p, seq),
            signer: ledgerSigner,
            now: () => new Date(),
            graceSeconds: settings().LEDGER_SEAL_GRACE_SECONDS,
          }),
        );
      } catch (error) {
        failed.push(partner);
        // The sealing alarm counts this metric (infra/constructs/observability.ts).
        emitMetric('ledgerSealingFailures', { partner });
        logger.error('ledger sealing failed', { partner, error: error instanceof Error ? error.message : String(error) });
      }
    }
    logger.info('ledger sealed', { outcomes });
    if (failed.length > 0) throw new Error(`ledger sealing failed for ${failed.join(', ')}`);
    return { outcomes };
  } finally {
    await releaseSealLease(owner);
  }
});
