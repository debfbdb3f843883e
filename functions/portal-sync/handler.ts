import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { PortalSyncMessage } from '../../contracts/messages/portal-sync';
import { recordPortalSyncReceipt } from '../adapters/dossier-store';
import { logger } from '../observability/logger';

const processor = new BatchProcessor(EventType.SQS);

/** Walking skeleton: proves the message travelled through the queue by recording it. */
async function recordReceipt(record: SQSRecord): Promise<void> {
  const message = PortalSyncMessage.parse(JSON.parse(record.body));
  await recordPortalSyncReceipt(message.dossierCode, message.version, new Date().toISOString());
  logger.info('portal sync message received', { dossierCode: message.dossierCode, version: message.version });
}

export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event, context) =>
  processPartialResponse(event, recordReceipt, processor, { context }),
);
