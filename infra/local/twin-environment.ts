import { functionDefinitions, paceShareEnvironment } from '../topology/functions';
import { ledgerLateBoundSeconds } from '../topology/ledger-late-bound';
import { queues, tables } from '../topology/resources';
import type { QueueKey } from '../topology/resources';
import type { QueueUrls } from './embedded-sqs';

/**
 * Points the functions' own configuration at the embedded services. The functions read exactly
 * these variables in AWS too (set by the CDK stack), plus the SDK's standard endpoint overrides.
 * Every function in the twin sees every resource: least privilege is enforced by IAM in AWS only.
 */
export function configureFunctionEnvironment(options: {
  region: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  queueUrls: Record<QueueKey, QueueUrls>;
  /** How the functions reach the partner simulators (base URLs, credentials). */
  partners: Record<string, string>;
  /** The ledger sealer's key file and anchor folder (KMS and S3 in AWS). */
  ledger: { signingKeyFile: string; anchorDir: string };
  overrides: Record<string, string>;
}): void {
  const env = process.env;
  env.AWS_REGION = options.region;
  // The SDK needs credentials to sign; the embedded services accept any.
  env.AWS_ACCESS_KEY_ID ??= 'local-twin';
  env.AWS_SECRET_ACCESS_KEY ??= 'local-twin';
  env.AWS_ENDPOINT_URL_DYNAMODB = options.dynamodbEndpoint;
  env.AWS_ENDPOINT_URL_SQS = options.sqsEndpoint;
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  env.POWERTOOLS_SERVICE_NAME ??= 'lienthong';
  // No CloudWatch here to turn EMF lines into metrics; the operators' API derives health from the ledger instead.
  env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  for (const table of Object.values(tables)) env[table.envVar] = table.localName;
  for (const [key, queue] of Object.entries(queues) as [QueueKey, (typeof queues)[QueueKey]][]) {
    env[queue.envVar] = options.queueUrls[key].main;
    env[queue.deadLetter.envVar] = options.queueUrls[key].deadLetter;
  }
  for (const definition of Object.values(functionDefinitions)) Object.assign(env, paceShareEnvironment(definition));
  env.LEDGER_SIGNING_KEY_FILE = options.ledger.signingKeyFile;
  env.LEDGER_ANCHOR_DIR = options.ledger.anchorDir;
  env.LEDGER_LATE_BOUND_SECONDS = String(ledgerLateBoundSeconds());
  Object.assign(env, options.partners, options.overrides);
}
