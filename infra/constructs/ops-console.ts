import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  CacheHeaderBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsoleSync } from '../console/build-console';
import { consoleSecurityHeaders } from '../local/console-files';

export interface OpsConsoleProps {
  readonly api: RestApiBase;
}

/**
 * The operators' console in AWS: the built files in a private bucket read only by CloudFront
 * (Origin Access Control), and `/v1/*` on the same distribution routed to the REST API stage, so
 * the console calls its own origin (no CORS) and the operator key goes nowhere else.
 */
export class OpsConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: OpsConsoleProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: "The console's headers, as the twin sets them (infra/local/console-files.ts)",
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleSecurityHeaders['content-security-policy'], override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    // Answers are never cached (default TTL 0 and the API sends no cache headers); the Authorization
    // header is part of the key only because CloudFront forwards it to an origin no other way.
    const apiPassThrough = new CachePolicy(this, 'ApiPassThrough', {
      comment: 'REST API behind the console: nothing cached, Authorization forwarded',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Lienthong operators console and /v1/* to the REST API',
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new RestApiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: apiPassThrough,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });

    const deployment = new BucketDeployment(this, 'Files', {
      sources: [Source.asset(buildConsoleSync(mkdtempSync(path.join(tmpdir(), 'lienthong-console-'))))],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    this.acknowledge(deployment);
  }

  private acknowledge(deployment: BucketDeployment): void {
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The console bucket holds only the static files built from the repository and is read only by CloudFront; ' +
        'every operator request for data is an API call, recorded in API Gateway access logs and, for actions, in the ledger.',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Operators may work from anywhere in Viet Nam and abroad (on call); access is controlled by operator keys, not geography.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static files and forwards /v1/* to the REST API, whose stage is throttled and whose every route but health ' +
          'and the signed callbacks needs an API key checked by the authorizer; a WAF web ACL is an account-level decision left to the operators.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Access logging of the static files adds nothing an operator needs: every data request is an API call, logged by API Gateway, ' +
          'and every operator action is a ledger record with the key name.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a custom domain with its own certificate ' +
          '(TLSv1.2_2021) is a deployment choice of the city, documented in the README.',
      },
    );
    // BucketDeployment's own provider function and role: CDK's custom resource, not ours to shape.
    const stack = Stack.of(this);
    for (const construct of stack.node.findAll()) {
      if (!construct.node.path.includes('Custom::CDKBucketDeployment')) continue;
      Validations.of(construct).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's BucketDeployment provider runs with the basic execution role CDK gives it; it only copies the console files at deployment.",
        },
        ...[
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          `Resource::arn:aws:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`,
          `Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*`,
          'Resource::*',
        ].map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            "CDK's BucketDeployment provider copies the console files from CDK's staging bucket into the console bucket and invalidates " +
            'the distribution (CloudFront invalidations take no resource ARN); it runs only during deployments.',
        })),
        { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment provider pins its own runtime; CDK upgrades move it, not this project's code." },
      );
    }
    void deployment;
  }
}
