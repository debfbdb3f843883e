import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { anchorStore } from '../adapters/ledger-anchor-store';
import { acquireSealLease, readSealState, releaseSealLease, saveSealState } from '../adapters/ledger-seal-store';
import { ledgerSigner } from '../adapters/ledger-signer';
import { readLedgerRecords } from '../adapters/ledger-store';
import { ledgerPartners } from '../core/ledger-record';
import type { SealOutcome } from '../core/ledger-sealer';
import { sealPartner } from '../core/ledger-sealer';
import { loadEnv, once } from '../config/env';
import { sealTiming } from '../core/ledger-seal';
import { logger } from '../observability/logger';

const settings = once(() =>
  loadEnv(z.object({ LEDGER_SEAL_GRACE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(sealTiming.graceSeconds) })),
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
    for (const partner of ledgerPartners) {
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
    }
    logger.info('ledger sealed', { outcomes });
    return { outcomes };
  } catch (error) {
    // The sealing alarm counts this exact line (infra/constructs/observability.ts).
    logger.error('ledger sealing failed', { error: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    await releaseSealLease(owner);
  }
});
