import * as z from '../../contracts/zod-mini';
import { loadEnv, once } from './env';

/**
 * The most a genuine ledger write can be late, in seconds: derived by the stack (and the twin)
 * from the function topology — the longest ledger-writing function's timeout plus the seal grace
 * (infra/topology/ledger-late-bound.ts) — and handed to the function that verifies, which cannot
 * read the topology itself.
 */
export const ledgerVerifyConfig = once(() =>
  loadEnv(z.object({ LEDGER_LATE_BOUND_SECONDS: z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number)) })),
);
