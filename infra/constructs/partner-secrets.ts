import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PartnerDefinition, PartnerKey } from '../topology/partners';
import { partnerDefinitions } from '../topology/partners';
import { pascal } from './construct-ids';

/**
 * What a secret holds until an operator stores the partner's value. It is valid JSON of none of the
 * partner shapes, so a function that reads it too early fails its shape check loudly instead of
 * calling a partner with nonsense, and no real credential ever appears in the template.
 */
const unsetMarker = { unset: 'placeholder: store the value described in the description of this secret' };

/**
 * One Secrets Manager secret per partner of infra/topology/partners.ts. The stack creates the
 * container; operators store the value after the first deployment (the secret's description says
 * what shape), because partners issue these credentials and they must never pass through the
 * template or the repository.
 */
export class PartnerSecrets extends Construct {
  readonly secrets: Record<PartnerKey, Secret>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secrets = Object.fromEntries(
      (Object.entries(partnerDefinitions) as [PartnerKey, PartnerDefinition][]).map(([key, definition]) => [
        key,
        this.secret(key, definition),
      ]),
    ) as Record<PartnerKey, Secret>;
  }

  /**
   * Lets a function read one partner's secret and nothing else: GetSecretValue only (Powertools'
   * getSecret needs no DescribeSecret), on that secret's ARN only.
   */
  grantRead(key: PartnerKey, grantee: IGrantable): void {
    const secret = this.secrets[key];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    );
    // The secrets use the AWS managed key, whose key policy already lets the account's principals
    // decrypt through Secrets Manager; a customer key would need its own grant, given here.
    secret.encryptionKey?.grantDecrypt(grantee);
  }

  private secret(key: PartnerKey, definition: PartnerDefinition): Secret {
    const secret = new Secret(this, `${pascal(key)}Secret`, {
      description: `Lienthong ${key}: ${definition.secret.shape}. Set by operators after deployment.`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify(unsetMarker),
        // CloudFormation needs a generated key alongside a template; the random value is never used.
        generateStringKey: 'nonce',
        excludePunctuation: true,
      },
      // The value is entered by hand from what a partner issued: deleting the stack must not lose it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        `The ${key} secret is issued by or agreed with a partner outside AWS, so a rotation Lambda cannot change it on its ` +
        `own: rotation is an operator procedure agreed with the partner. ${definition.secret.rotation}`,
    });
    return secret;
  }
}
