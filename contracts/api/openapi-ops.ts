import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { DossierPathParameters } from './dossier';
import {
  DismissAnswer,
  DismissRequest,
  DossierTimeline,
  EventPathParameters,
  OpsOverview,
  QueuePathParameters,
  RedeliverAnswer,
  RedriveAnswer,
  RedriveRequest,
  ResyncAnswer,
  ResyncRequest,
  StuckQuery,
  StuckWork,
  VerifyAnswer,
} from './ops';
import { LedgerVerifyAnswer, LedgerVerifyQuery } from './ops-ledger';
import { Problem, problemContentType } from './problem';

/** The /v1/ops operations of the OpenAPI document (kept apart from the city-facing ones). */

type OpsOperationId = 'getOpsOverview' | 'getOpsStuck' | 'getOpsDossierTimeline' | 'postOpsRedrive' | 'postOpsResync' | 'postOpsRedeliver' | 'postOpsVerify' | 'postOpsDismiss' | 'getOpsLedgerVerification';

const problem = (description: string) => ({ description, content: { [problemContentType]: { schema: Problem } } });
const jsonContent = (schema: z.core.$ZodType) => ({ 'application/json': { schema } });
const auth = { '401': problem('Missing or invalid API key'), '403': problem('The API key lacks ops:read / ops:write') };
const body = { '400': problem('Malformed JSON'), '413': problem('Body larger than 256 KiB'), '415': problem('Body is not application/json') };

export const opsOperations: Record<OpsOperationId, Omit<ZodOpenApiOperationObject, 'operationId'>> = {
  getOpsOverview: {
    description:
      'Partner health is derived from the ledger (every exchange with its outcome and duration) over the last 5 and 60 minutes; queue depths from SQS; the trend from samples taken every 5 minutes.',
    responses: { '200': { description: 'The overview', content: jsonContent(OpsOverview) }, ...auth },
  },
  getOpsStuck: {
    requestParams: { query: StuckQuery },
    responses: {
      '200': { description: 'Stuck work with reasons; `kind` restricts to one list', content: jsonContent(StuckWork) },
      ...auth,
      '422': problem('A query parameter violates the contract'),
    },
  },
  getOpsDossierTimeline: {
    requestParams: { path: DossierPathParameters },
    responses: {
      '200': { description: 'Every recorded exchange about the dossier, oldest first', content: jsonContent(DossierTimeline) },
      ...auth,
      '404': problem('No dossier with this code'),
      '422': problem('The code violates the contract'),
    },
  },
  getOpsLedgerVerification: {
    description:
      'Reads every anchor of the partner (the chain of signed tree heads) and the records of the day; a finding names the tree, leaf and key. ' +
      'One day per call (today by default), one partner or all, keeps the answer within the function timeout; `npm run ops -- ledger verify` checks whole ranges.',
    requestParams: { query: LedgerVerifyQuery },
    responses: {
      '200': { description: 'The verification: intact or not, with findings and records sealed late', content: jsonContent(LedgerVerifyAnswer) },
      ...auth,
      '422': problem('partner or day invalid (day is YYYY-MM-DD, not after today UTC), or an unknown query parameter'),
    },
  },
  postOpsRedrive: {
    requestParams: { path: QueuePathParameters },
    requestBody: { required: true, content: jsonContent(RedriveRequest) },
    responses: { '200': { description: 'What was moved and what remains', content: jsonContent(RedriveAnswer) }, ...auth, ...body, '422': problem('Unknown queue or invalid request') },
  },
  postOpsResync: {
    requestBody: { required: true, content: jsonContent(ResyncRequest) },
    responses: {
      '200': { description: 'Selected dossiers; queued unless dryRun; previews of the portal payload', content: jsonContent(ResyncAnswer) },
      ...auth,
      ...body,
      '422': problem('Invalid selection: name at least one of codes, unit, procedure, from/to; codes exclude the filters (the error names each filter given with codes); `to` must be after `from`'),
    },
  },
  postOpsRedeliver: {
    requestParams: { path: EventPathParameters },
    responses: {
      '200': { description: 'Queued for delivery again (a delivered event too: the city receives the same webhook-id)', content: jsonContent(RedeliverAnswer) },
      ...auth,
      // The body is optional and ignored, but a body that is sent is read as JSON like every action's.
      ...body,
      '404': problem('No event with this id'),
      '422': problem('The event id violates the contract'),
    },
  },
  postOpsVerify: {
    requestParams: { path: DossierPathParameters },
    responses: {
      '200': { description: 'The comparison: match, diverged (with the differing portal field names), pending (nothing acknowledged yet) or error', content: jsonContent(VerifyAnswer) },
      ...auth,
      ...body,
      '404': problem('No dossier with this code'),
      '422': problem('The code violates the contract'),
    },
  },
  postOpsDismiss: {
    requestParams: { path: DossierPathParameters },
    requestBody: { required: true, content: jsonContent(DismissRequest) },
    responses: {
      '200': {
        description:
          "Dismissed: off the stuck list; the finding and the operator's action stay on the dossier's timeline. `dismissed: false` when nothing was listed " +
          '(already dismissed, or re-checked since): asking twice changes nothing.',
        content: jsonContent(DismissAnswer),
      },
      ...auth,
      ...body,
      '404': problem('No dossier with this code'),
      '422': problem('The code or the reason violates the contract (a reason of 3 to 500 characters, at least one visible, no control characters but line feeds and tabs)'),
    },
  },
};
