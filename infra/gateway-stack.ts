import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { pascal } from './constructs/construct-ids';
import { Functions } from './constructs/functions';
import { LedgerSealing } from './constructs/ledger-sealing';
import { Observability } from './constructs/observability';
import { OpsConsole } from './constructs/ops-console';
import { PartnerSecrets } from './constructs/partner-secrets';
import { GatewayRestApi } from './constructs/rest-api';
import { Storage } from './constructs/storage';
import type { PartnerKey } from './topology/partners';
import { partnerDefinitions } from './topology/partners';
import type { QueueKey, TableKey } from './topology/resources';

/** The CloudFormation stack name; operator tools (the key CLI) read its outputs by this name. */
export const gatewayStackName = 'Lienthong';

/** Lienthong on AWS: storage, partner secrets, functions, the REST API in front of them, and what watches them. */
export class GatewayStack extends Stack {
  readonly storage: Storage;
  readonly partnerSecrets: PartnerSecrets;
  readonly ledgerSealing: LedgerSealing;
  readonly functions: Functions;
  readonly restApi: GatewayRestApi;
  readonly observability: Observability;
  readonly opsConsole: OpsConsole;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage');
    this.partnerSecrets = new PartnerSecrets(this, 'PartnerSecrets');
    this.ledgerSealing = new LedgerSealing(this, 'LedgerSealing');
    this.functions = new Functions(this, 'Functions', { storage: this.storage, partnerSecrets: this.partnerSecrets, ledgerSealing: this.ledgerSealing });
    this.restApi = new GatewayRestApi(this, 'RestApi', { functions: this.functions.functions });
    this.observability = new Observability(this, 'Observability', {
      api: this.restApi.api,
      functions: this.functions.functions,
      tables: this.storage.tables,
      queues: this.storage.queues,
    });
    this.opsConsole = new OpsConsole(this, 'OpsConsole', { api: this.restApi.api });
    this.addOutputs();
  }

  /**
   * Output names follow the topology keys: `clients` → ClientsTableName, `portalSync` →
   * PortalSyncQueueUrl, `city` → CitySecretArn (where operators store the partner's value; for the
   * gateway's own `ledgerHmac` key, LedgerHmacSecretArn is the generated key the functions read).
   */
  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.restApi.api.url, description: 'Base URL of the REST API stage' });
    for (const [key, table] of Object.entries(this.storage.tables) as [TableKey, (typeof this.storage.tables)[TableKey]][]) {
      new CfnOutput(this, `${pascal(key)}TableName`, { value: table.tableName });
    }
    for (const [key, pair] of Object.entries(this.storage.queues) as [QueueKey, (typeof this.storage.queues)[QueueKey]][]) {
      new CfnOutput(this, `${pascal(key)}QueueUrl`, { value: pair.queue.queueUrl });
      new CfnOutput(this, `${pascal(key)}DeadLetterQueueUrl`, { value: pair.deadLetterQueue.queueUrl });
    }
    for (const [key, secret] of Object.entries(this.partnerSecrets.secrets) as [PartnerKey, Secret][]) {
      new CfnOutput(this, `${pascal(key)}SecretArn`, {
        value: secret.secretArn,
        description:
          partnerDefinitions[key].secret.owner === 'gateway'
            ? `The ${key} key, generated at the first deployment: back it up, never overwrite it (the secret's description says why)`
            : `Store the ${key} partner's value here after deployment (the secret's description gives its shape)`,
      });
    }
    new CfnOutput(this, 'LedgerAnchorBucketName', {
      value: this.ledgerSealing.anchorBucket.bucketName,
      description: 'The ledger anchors (Object Lock, compliance mode): npm run ops -- ledger verify --aws --anchor-bucket <this>',
    });
    new CfnOutput(this, 'LedgerSigningKeyArn', {
      value: this.ledgerSealing.signingKey.keyArn,
      description: 'The KMS key that signs ledger heads; `aws kms get-public-key` gives the key that checks proofs',
    });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `https://${this.opsConsole.distribution.distributionDomainName}/`,
      description: "The operators' console; sign in with an operator key (npm run keys -- create --name <operator> --scopes ops:read,ops:write)",
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.observability.alarmTopic.topicArn,
      description: 'Subscribe operators here to receive alarms',
    });
  }
}
