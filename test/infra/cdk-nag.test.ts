import type { IConstruct } from 'constructs';
import { Validations } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import { buildApp } from '../../infra/app';
import type { GatewayStack } from '../../infra/gateway-stack';
import type { PartnerKey } from '../../infra/topology/partners';
import { partnerDefinitions } from '../../infra/topology/partners';

const allRoutes = routes as readonly Route[];
let stack: GatewayStack;
let failure: unknown;

beforeAll(() => {
  // Synthesis with every check `cdk synth` runs (cdk-nag and CDK's CloudFormation schema validation);
  // it runs here, under the hook timeout, because it is the slowest step of the suite.
  const built = buildApp({ bundle: false });
  stack = built.stack;
  try {
    built.app.synth();
  } catch (error) {
    failure = error;
  }
});

/** Every acknowledgement recorded in the tree, as `rule id → reason`, with CDK's namespace removed. */
function acknowledgements(root: IConstruct): [string, string][] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]): [string, string] => [id.replace(/^annotation::/i, ''), reason]),
  );
}

/** Rule ids acknowledged on this construct itself, not inherited from its scopes. */
function ownAcknowledgements(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
    .map((id) => id.replace(/^annotation::/i, ''));
}

describe('cdk-nag AwsSolutionsChecks', () => {
  it('passes with no unacknowledged finding', () => {
    // Assess: synthesis throws with the findings text when a finding is left open.
    expect(failure).toBeUndefined();
  });

  it('acknowledges only the reviewed rules', () => {
    // Prepare
    const reviewed = [
      /^AwsSolutions-L1$/,
      /^AwsSolutions-APIG2$/,
      /^AwsSolutions-APIG3$/,
      /^AwsSolutions-APIG4$/,
      /^AwsSolutions-COG4$/,
      // Partner secrets: rotation is a procedure agreed with the partner, not a rotation Lambda;
      // the ledger key: rotation would break correlation of past ledger records (re-keying is a project).
      /^AwsSolutions-SMG4$/,
      // A table grant covering that table's own GSIs; no other wildcard is acceptable.
      /^AwsSolutions-IAM5\[Resource::<Storage[A-Za-z]+Table[0-9A-F]{8}\.Arn>\/index\/\*\]$/,
      /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AmazonAPIGatewayPushToCloudWatchLogs\]$/,
      // The ledger's signing key is asymmetric: KMS cannot rotate it (heads name their key instead).
      /^AwsSolutions-KMS5$/,
      // The anchor bucket: locked, signed, chained objects; access logs would add nothing verify does not check.
      /^AwsSolutions-S1$/,
      // The sealer's PutObject/GetObject on the anchor bucket's own objects, named as it creates them.
      /^AwsSolutions-IAM5\[Resource::<LedgerSealingAnchorBucket[0-9A-F]{8}\.Arn>\/\*\]$/,
      // The operators' console: static files behind CloudFront (ops-console.test.ts checks where each applies).
      /^AwsSolutions-CFR[1-4]$/,
      // Active X-Ray tracing on every function: xray:PutTraceSegments/PutTelemetryRecords take only `*`
      // (functions.test.ts checks that those are the only actions any function role gets on `*`).
      /^AwsSolutions-IAM5\[Resource::\*\]$/,
      // CDK's BucketDeployment provider (deployment-time only).
      /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
      /^AwsSolutions-IAM5\[(Action::s3:(GetBucket|GetObject|List|Abort|DeleteObject)\*|Resource::arn:aws:s3:::cdk-hnb659fds-assets-[0-9]+-[a-z0-9-]+\/\*|Resource::<OpsConsoleBucket[0-9A-F]{8}\.Arn>\/\*|Resource::\*)\]$/,
    ];

    // Act
    const unreviewed = acknowledgements(stack).filter(([id]) => !reviewed.some((rule) => rule.test(id)));

    // Assess
    expect(unreviewed).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    // Act
    const thin = acknowledgements(stack).filter(([, reason]) => reason.trim().length < 60);

    // Assess
    expect(thin).toEqual([]);
  });

  it('waives secret rotation only on the partner secrets and the generated ledger key, each with its own procedure', () => {
    // Act
    const waived = stack.node.findAll().filter((construct) => ownAcknowledgements(construct).includes('AwsSolutions-SMG4'));

    // Assess
    expect(waived.map((construct) => construct.node.path).sort()).toEqual(
      [...Object.values(stack.partnerSecrets.secrets), ...Object.values(stack.partnerSecrets.generatedKeys)]
        .map((secret) => secret!.node.path)
        .sort(),
    );
    for (const [key, definition] of Object.entries(partnerDefinitions)) {
      const reason = acknowledgements(stack.partnerSecrets.secrets[key as PartnerKey]).find(([id]) => id === 'AwsSolutions-SMG4')?.[1];
      expect(reason).toContain(definition.secret.rotation);
    }
  });

  it('waives rotation of the ledger key for what it is: the gateway\'s own key, whose change breaks ledger correlation', () => {
    // Prepare
    const reasonOn = (construct: IConstruct) => acknowledgements(construct).find(([id]) => id === 'AwsSolutions-SMG4')?.[1] ?? '';

    // Act
    const onKey = reasonOn(stack.partnerSecrets.secrets.ledgerHmac);
    const onGenerated = reasonOn(stack.partnerSecrets.generatedKeys.ledgerHmac!);

    // Assess
    for (const reason of [onKey, onGenerated]) {
      expect(reason).toContain("the gateway's own key");
      expect(reason).toContain('correlate with past ones');
      expect(reason).toContain('key id');
      expect(reason).not.toContain('partner outside AWS');
    }
  });

  it('leaves API Gateway authorization off only where the route table says so, and on 405 answers', () => {
    // Prepare
    const expected = [
      ...allRoutes.filter((route) => route.auth.kind !== 'apiKey').map((route) => `${route.path}/${route.method}`),
      ...new Set(allRoutes.map((route) => `${route.path}/ANY`)),
    ];

    // Act
    const open = stack.node
      .findAll()
      .filter((construct) => ownAcknowledgements(construct).includes('AwsSolutions-APIG4'))
      .map((construct) => construct.node.path.replace(/^.*\/Default/, ''));

    // Assess
    expect(open.sort()).toEqual(expected.sort());
  });
});
