import { DossierCode } from '../../contracts/api/dossier';
import { StuckQuery } from '../../contracts/api/ops';
import { LedgerVerifyQuery } from '../../contracts/api/ops-ledger';
import * as z from '../../contracts/zod-mini';
import { NotFoundError } from '../core/errors';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';
import { overview } from './overview';
import { stuckWork } from './stuck-work';
import { ledgerVerification } from './ledger-verification';
import { dossierTimeline } from './timeline';

const TimelinePath = z.object({ code: DossierCode });

/** GET /v1/ops/*: one function for the operators' reads (same read-only grants); the route picks the answer. */
export const handler = httpEndpoint({}, async ({ event }) => {
  switch (event.resource) {
    case '/v1/ops/overview':
      return json(200, await overview());
    case '/v1/ops/stuck':
      return json(200, await stuckWork(parseOrReject(StuckQuery, event.queryStringParameters ?? {}, 'query')));
    case '/v1/ops/dossiers/{code}/timeline':
      return json(200, await dossierTimeline(parseOrReject(TimelinePath, event.pathParameters ?? {}, 'path').code));
    case '/v1/ops/ledger/verify': {
      const { partner, day } = parseOrReject(LedgerVerifyQuery, event.queryStringParameters ?? {}, 'query');
      return json(200, await ledgerVerification(partner, day ?? new Date().toISOString().slice(0, 10)));
    }
    default:
      throw new NotFoundError(`no operator read at ${event.resource}`);
  }
});
