import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import type { GatewayStack } from '../../infra/gateway-stack';

let stack: GatewayStack;
let template: Template;

beforeAll(() => {
  stack = buildApp({ bundle: false, nag: false, cloudFormationValidation: false }).stack;
  template = Template.fromStack(stack);
});

const ownAcks = (construct: IConstruct) =>
  construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
    .map((id) => id.replace(/^annotation::/i, ''));

describe("operators' console in AWS", () => {
  it('keeps the files in a private, encrypted bucket that only this distribution may read (Origin Access Control)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('routes /v1/* to the REST API stage on the same origin, uncached, and everything else to the bucket over HTTPS', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution!.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CacheBehaviors).toHaveLength(1);
    const api = config.CacheBehaviors[0];
    expect(api.PathPattern).toBe('/v1/*');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']));
    const apiOrigin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    // The stage name, as a token of the deployment stage: /prod.
    expect(JSON.stringify(apiOrigin.OriginPath)).toContain('/');
    expect(JSON.stringify(apiOrigin.OriginPath)).toMatch(/RestApiDeploymentStageprod[0-9A-F]{8}/);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] } }),
      }),
    });
  });

  it("sets the console's security headers: a CSP allowing only its own origin, no framing, no referrer", () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("connect-src 'self'"), Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        }),
      }),
    });
  });

  it('uploads the built console and names its URL in the outputs', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    expect(Object.keys(template.findOutputs('ConsoleUrl'))).toEqual(['ConsoleUrl']);
  });

  it('acknowledges the CloudFront and S3 logging rules only on the console, and the IAM wildcards only on CDK’s deployment provider', () => {
    const acknowledging = (rule: RegExp) =>
      stack.node
        .findAll()
        .filter((construct) => ownAcks(construct).some((id) => rule.test(id)))
        .map((construct) => construct.node.path);
    for (const path of acknowledging(/^AwsSolutions-CFR[1-4]$/)) expect(path).toBe('Lienthong/OpsConsole/Distribution');
    expect(acknowledging(/^AwsSolutions-S1$/)).toContain('Lienthong/OpsConsole/Bucket');
    for (const path of acknowledging(/^AwsSolutions-IAM5\[(Action::s3|Resource::arn:aws:s3)/)) expect(path).toContain('Custom::CDKBucketDeployment');
    // `Resource::*` also on each function's role: X-Ray's actions take no narrower resource (functions.test.ts).
    for (const path of acknowledging(/^AwsSolutions-IAM5\[Resource::\*\]$/)) expect(path).toMatch(/Custom::CDKBucketDeployment|^Lienthong\/Functions\/[A-Za-z]+Role$/);
  });
});
