import * as z from '../../../contracts/zod-mini';
import { loadEnv, once } from '../../config/env';

/**
 * Where the sealer signs and anchors. AWS: a KMS sign-only key and an S3 bucket with Object Lock
 * (set by the stack); the twin: a key file and a folder under its data dir. Exactly one of each pair.
 */
export const ledgerSealConfig = once(() =>
  loadEnv(
    z
      .object({
        LEDGER_SIGNING_KEY_ARN: z.optional(z.string().check(z.minLength(1))),
        LEDGER_SIGNING_KEY_FILE: z.optional(z.string().check(z.minLength(1))),
        LEDGER_ANCHOR_BUCKET: z.optional(z.string().check(z.minLength(3))),
        LEDGER_ANCHOR_DIR: z.optional(z.string().check(z.minLength(1))),
      })
      .check(
        z.refine((c) => Boolean(c.LEDGER_SIGNING_KEY_ARN) !== Boolean(c.LEDGER_SIGNING_KEY_FILE), {
          message: 'set exactly one of LEDGER_SIGNING_KEY_ARN (KMS) and LEDGER_SIGNING_KEY_FILE (twin)',
        }),
        z.refine((c) => Boolean(c.LEDGER_ANCHOR_BUCKET) !== Boolean(c.LEDGER_ANCHOR_DIR), {
          message: 'set exactly one of LEDGER_ANCHOR_BUCKET (S3) and LEDGER_ANCHOR_DIR (twin)',
        }),
      ),
  ),
);
