import { SQSClient } from '@aws-sdk/client-sqs';
import { once } from '../../config/once';

/*
 * One SQS client per container, created on first use. The endpoint comes from the standard
 * AWS_ENDPOINT_URL_SQS variable, which is how the local twin points the very same code at
 * local-aws-sqs. Kept apart from the DynamoDB client so that a function that never touches
 * DynamoDB never loads its SDK packages at cold start.
 */
export const sqsClient = once(() => new SQSClient({}));
