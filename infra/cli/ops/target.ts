import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tables } from '../../topology/resources';

/** Where an ops command acts: the running twin (default) or a deployed stack (`--aws`). */
export interface OpsTarget {
  readonly description: string;
  /** The twin's public key file; in AWS the key comes from KMS. */
  readonly ledgerPublicKeyFile?: string;
}

export interface TargetOptions {
  readonly aws?: boolean;
  /** A deployed stack by name: its outputs give the table, bucket and key (implies `aws`). */
  readonly stack?: string;
  readonly dataDir?: string;
  readonly ledgerTable?: string;
  readonly anchorBucket?: string;
  readonly signingKeyArn?: string;
}

export class UsageError extends Error {
  readonly code = 'usage';
}

/** One output of a deployed stack (infra/gateway-stack.ts names them), or a usage error naming it. */
export function requireOutput(outputs: Record<string, string>, key: string, stackName: string): string {
  const value = outputs[key];
  if (!value) throw new UsageError(`stack ${stackName} has no output ${key}`);
  return value;
}

/**
 * Points the functions' adapters at the target through the environment they read, exactly as the
 * key CLI does: the twin's endpoints from `<data dir>/twin.json`, or a stack's resources by name.
 */
export async function pointAtTarget(
  options: TargetOptions,
  readOutputs: (stackName: string) => Promise<Record<string, string>> = async (name) => (await import('./stack-outputs')).readStackOutputs(name),
): Promise<OpsTarget> {
  const env = process.env;
  const stackName = options.stack ?? (options.aws ? env.LIENTHONG_STACK : undefined);
  if (options.aws || stackName) {
    const outputs = stackName ? await readOutputs(stackName) : {};
    const table = options.ledgerTable ?? env[tables.ledger.envVar] ?? (stackName ? requireOutput(outputs, 'LedgerTableName', stackName) : undefined);
    const bucket = options.anchorBucket ?? env.LEDGER_ANCHOR_BUCKET ?? (stackName ? requireOutput(outputs, 'LedgerAnchorBucketName', stackName) : undefined);
    const key = options.signingKeyArn ?? env.LEDGER_SIGNING_KEY_ARN ?? (stackName ? requireOutput(outputs, 'LedgerSigningKeyArn', stackName) : undefined);
    if (!table || !bucket || !key) {
      throw new UsageError('--aws needs --stack <name>, or --ledger-table, --anchor-bucket and --signing-key (stack outputs LedgerTableName, LedgerAnchorBucketName, LedgerSigningKeyArn)');
    }
    env[tables.ledger.envVar] = table;
    env.LEDGER_ANCHOR_BUCKET = bucket;
    env.LEDGER_SIGNING_KEY_ARN = key;
    return { description: `AWS table ${table}, anchors s3://${bucket}` };
  }
  const dataDir = path.resolve(options.dataDir ?? env.LIENTHONG_DATA_DIR ?? '.lienthong');
  let twin: { dynamodbEndpoint: string; region: string; ledgerAnchorDir: string; ledgerPublicKeyFile: string };
  try {
    twin = JSON.parse(readFileSync(path.join(dataDir, 'twin.json'), 'utf8'));
  } catch {
    throw new UsageError(`no running twin found (${path.join(dataDir, 'twin.json')} is missing): start it with npm start, or pass --aws`);
  }
  env.AWS_ENDPOINT_URL_DYNAMODB = twin.dynamodbEndpoint;
  env.AWS_REGION = twin.region;
  env.AWS_ACCESS_KEY_ID ??= 'local-twin';
  env.AWS_SECRET_ACCESS_KEY ??= 'local-twin';
  env[tables.ledger.envVar] = tables.ledger.localName;
  env.LEDGER_ANCHOR_DIR = twin.ledgerAnchorDir;
  // Verification needs only the public key; the signer's file setting just satisfies the config.
  env.LEDGER_SIGNING_KEY_FILE = path.join(dataDir, 'ledger-signing-key.pem');
  return { description: `local twin (${twin.dynamodbEndpoint})`, ledgerPublicKeyFile: twin.ledgerPublicKeyFile };
}
