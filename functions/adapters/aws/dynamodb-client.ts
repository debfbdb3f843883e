import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from '../../config/once';

/*
 * One DynamoDB document client per container, created on first use. The endpoint comes from the
 * standard AWS_ENDPOINT_URL_DYNAMODB variable, which is how the local twin points the very same
 * code at dynalite. Kept apart from the SQS client so that a function that never touches a queue
 * never loads @aws-sdk/client-sqs at cold start.
 */
export const documentClient = once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
