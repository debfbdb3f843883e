import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { sealTiming } from '../../functions/core/ledger/ledger-seal';
import { ledgerLateBoundSeconds } from '../../infra/topology/ledger-late-bound';
import { functions } from '../../infra/topology/functions';
import { ledgerRetentionDays } from '../../infra/topology/resources';
import { logicalIdIn } from '../support/cdk-template';

let template: Template;
const logicalId = (type: string, path: string) => logicalIdIn(template, type, path);

beforeAll(() => {
  template = Template.fromStack(buildApp({ bundle: false, nag: false, cloudFormationValidation: false }).stack);
});

/** Every IAM statement of every policy, with the roles it is attached to. */
function statements(): { roles: string[]; actions: string[]; resources: string }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).map((statement) => ({
      roles: (policy.Properties.Roles as { Ref: string }[]).map((role) => role.Ref),
      actions: [statement.Action].flat(),
      resources: JSON.stringify(statement.Resource),
    })),
  );
}

describe('ledger sealing in AWS', () => {
  it('signs with an asymmetric P-256 KMS key that can only sign and verify, kept if the stack goes', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
      DeletionPolicy: 'Retain',
    });
  });

  it('anchors in a bucket under Object Lock in compliance mode for exactly the ledger retention', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: ledgerRetentionDays } } },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets the sealer alone sign and write anchors, the operators\' reader only read them, and nobody delete one or change its lock', () => {
    const key = logicalId('AWS::KMS::Key', 'LedgerSealingSigningKey');
    const bucket = logicalId('AWS::S3::Bucket', 'LedgerSealingAnchorBucket');
    const sealerRole = logicalId('AWS::IAM::Role', 'FunctionsLedgerSealerRole');
    const readerRole = logicalId('AWS::IAM::Role', 'FunctionsOpsReadRole');
    const all = statements();
    const actionsOf = (role: string, resource: string) =>
      all
        .filter((s) => s.resources.includes(resource) && s.roles.includes(role))
        .flatMap((s) => s.actions)
        .sort();

    const onKey = all.filter((s) => s.resources.includes(key));
    expect([...new Set(onKey.flatMap((s) => s.roles))].sort()).toEqual([sealerRole, readerRole].sort());
    expect(actionsOf(sealerRole, key)).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(actionsOf(readerRole, key)).toEqual(['kms:GetPublicKey']);

    const onBucket = all.filter((s) => s.resources.includes(bucket));
    expect([...new Set(onBucket.flatMap((s) => s.roles))].sort()).toEqual([sealerRole, readerRole].sort());
    expect(actionsOf(sealerRole, bucket)).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(actionsOf(readerRole, bucket)).toEqual(['s3:GetObject', 's3:ListBucket']);
    // The console's deployment provider deletes stale console files, in the console bucket only (named, never `*`).
    const elsewhere = all.filter((s) => !/OpsConsoleBucket[0-9A-F]{8}/.test(s.resources) || s.resources.includes(bucket) || s.resources.includes('"*"'));
    expect(elsewhere.flatMap((s) => s.actions).filter((action) => /^s3:(Delete|PutObjectRetention|PutObjectLegalHold|BypassGovernance)/.test(action))).toEqual([]);
  });

  it('looks back for late records longer than any function can take to write one', () => {
    const longest = Math.max(...Object.values(functions).map((definition) => definition.timeoutSeconds));
    expect(sealTiming.lateWindowSeconds).toBeGreaterThan(longest + sealTiming.graceSeconds);
    // So every genuine late write is sealed, and `ledger verify` flags only what lies beyond its bound.
    expect(sealTiming.lateWindowSeconds).toBeGreaterThan(ledgerLateBoundSeconds());
  });

  it('runs the sealer each minute', () => {
    const fn = logicalId('AWS::Lambda::Function', 'FunctionsLedgerSealer');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })]),
    });
  });

  it('alarms on a ledger record that could not be written, and on a failing sealer', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.AlarmDescription as string);
    expect(alarms.some((text) => text.startsWith('Ledger records could not be written'))).toBe(true);
    expect(alarms.some((text) => text.startsWith('The ledger sealer keeps failing'))).toBe(true);
  });
});
