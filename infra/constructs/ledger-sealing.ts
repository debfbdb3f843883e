import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ledgerRetentionDays } from '../topology/resources';

/**
 * What makes the ledger tamper-evident against someone with table access: an asymmetric KMS key
 * that only signs (the private half never leaves KMS), and an anchor bucket under Object Lock in
 * compliance mode, where nobody — the root user included — can delete or overwrite a head before
 * the ledger's own retention ends.
 */
export class LedgerSealing extends Construct {
  readonly signingKey: Key;
  readonly anchorBucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.signingKey = new Key(this, 'SigningKey', {
      description: 'Signs the ledger tree heads (ECDSA P-256); verification needs only its public key',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // Every signed head names this key; deleting it would leave past heads unverifiable against KMS.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.signingKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        'KMS cannot rotate asymmetric keys. A head carries the SHA-256 of the public key that signed it (keyId), so a ' +
        'new key can be introduced by a deployment without invalidating past heads.',
    });

    this.anchorBucket = new Bucket(this, 'AnchorBucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(ledgerRetentionDays)),
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
      // Anchor retention = ledger retention: once a head's lock ends (with the records it sealed,
      // which the table's TTL removes), it expires too.
      lifecycleRules: [{ expiration: Duration.days(ledgerRetentionDays + 1), noncurrentVersionExpiration: Duration.days(1) }],
    });
    Validations.of(this.anchorBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Server access logs would record who read or wrote heads, but a write cannot change one: every object is ' +
        'locked in compliance mode, signed, and chained to the previous head, and `ops ledger verify` reports any gap. ' +
        'Only the sealer role may write; CloudTrail data events can be enabled for the bucket if reads must be audited.',
    });
  }

  /**
   * The sealer's rights, and nothing more: sign and read the public key; put and read anchors and
   * list them. No delete, no retention or legal-hold change.
   */
  grantSeal(grantee: IGrantable): void {
    this.signingKey.grant(grantee, 'kms:Sign', 'kms:GetPublicKey');
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.anchorBucket.arnForObjects('*')] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.anchorBucket.bucketArn] }));
  }

  /** Reading only: the public half of the key, and the anchors (never Sign, never PutObject). */
  grantVerify(grantee: IGrantable): void {
    this.signingKey.grant(grantee, 'kms:GetPublicKey');
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.anchorBucket.arnForObjects('*')] }));
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.anchorBucket.bucketArn] }));
  }

  environment(): Record<string, string> {
    return { LEDGER_SIGNING_KEY_ARN: this.signingKey.keyArn, LEDGER_ANCHOR_BUCKET: this.anchorBucket.bucketName };
  }
}
