import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
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

/** Letters and digits only: 64 of them carry ~380 bits, and none needs escaping inside a JSON string. */
const gatewayKeyLength = 64;

/**
 * One Secrets Manager secret per entry of infra/topology/partners.ts. For a partner's secret the
 * stack creates the container; operators store the value after the first deployment (the secret's
 * description says what shape), because partners issue these credentials and they must never pass
 * through the template or the repository. A gateway-owned secret (the ledger key) is generated at
 * the first deployment instead; see gatewaySecret.
 */
export class PartnerSecrets extends Construct {
  readonly secrets: Record<PartnerKey, Secret>;
  /**
   * Where Secrets Manager generates each gateway-owned key, as letters and digits; the secret in
   * `secrets` holds the same value as a JSON string. Nothing is granted on these.
   */
  readonly generatedKeys: Partial<Record<PartnerKey, Secret>> = {};

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secrets = Object.fromEntries(
      (Object.entries(partnerDefinitions) as [PartnerKey, PartnerDefinition][]).map(([key, definition]) => [
        key,
        definition.secret.owner === 'gateway' ? this.gatewaySecret(key, definition) : this.partnerSecret(key, definition),
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

  private partnerSecret(key: PartnerKey, definition: PartnerDefinition): Secret {
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

  /**
   * The gateway's own key, which its functions read as a JSON string (functions/adapters/partners/partner-secrets.ts
   * JSON-parses every secret string). Secrets Manager cannot generate a JSON string: without a
   * template it generates bare characters (`AbC…`, which JSON.parse rejects), with one a JSON object.
   * So it generates the bare key in a second secret, and the key secret's value is that secret
   * between two quote characters, through a CloudFormation dynamic reference resolved at deployment:
   * the key never appears in the template, in cdk.out or in CloudFormation's records.
   *
   * CloudFormation resolves the reference when the key secret's SecretString changes in the template,
   * which it never does: the value is set once, at creation. Both secrets are retained, and their
   * construct ids must never change: a replaced secret is a new key, and past ledger records would
   * no longer correlate with new ones (test/infra/partners.test.ts pins the logical ids).
   */
  private gatewaySecret(key: PartnerKey, definition: PartnerDefinition): Secret {
    const generated = new Secret(this, `${pascal(key)}Generated`, {
      description:
        `Lienthong ${key}: where Secrets Manager generated the ${key} key at the first deployment, as letters and digits. ` +
        `Read by no function (they read the ${pascal(key)}Secret copy, a JSON string); do not change or delete it.`,
      generateSecretString: {
        passwordLength: gatewayKeyLength,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const secret = new Secret(this, `${pascal(key)}Secret`, {
      description: `Lienthong ${key}: ${definition.secret.shape}.`,
      // "Plain text" only for the two quote characters: the middle is a {{resolve:secretsmanager:…}}
      // reference to the generated secret, not its value.
      secretStringValue: SecretValue.unsafePlainText(`"${generated.secretValue.unsafeUnwrap()}"`),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reason =
      `The ${key} secret is the gateway's own key, generated at the first deployment, and must not change on a schedule: ` +
      `a rotation Lambda would silently break what the key is for. ${definition.secret.rotation}`;
    Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason });
    Validations.of(generated).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: `Holds the generated value of the ${key} secret (the functions read that copy); rotating this one alone would change nothing. ${reason}`,
    });
    this.generatedKeys[key] = generated;
    return secret;
  }
}
