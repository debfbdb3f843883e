import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IResource, Method } from 'aws-cdk-lib/aws-apigateway';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import type { FunctionKey } from '../topology/functions';
import { functions as functionDefinitions } from '../topology/functions';
import { addMethodNotAllowed } from './method-not-allowed';
import { addProblemResponses } from './problem-responses';

/** The paths already carry the API version (/v1/...), so the stage only names the environment. */
export const stageName = 'prod';

/**
 * How long API Gateway reuses the authorizer's policy for one Authorization header. A revoked key
 * keeps working for up to this long; in exchange a busy client costs one key lookup per 5 minutes
 * instead of one per request.
 */
export const authorizerCacheTtl = Duration.minutes(5);

export interface RestApiProps {
  readonly functions: Record<FunctionKey, NodejsFunction>;
}

/**
 * The gateway's REST API, built from contracts/api/routes.ts. A REST API rather than an HTTP API
 * (DESIGN §7): WAF, resource policies for partner IP allow-lists and per-client throttling need it.
 */
export class GatewayRestApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);

    // Access logs say which key called which route and when: the audit trail of client access,
    // kept a year to span an annual audit. They hold no bodies, so no personal data.
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });

    this.api = new RestApi(this, 'Api', {
      restApiName: 'lienthong',
      description: 'Lienthong integration gateway: city systems, the national portal and payment partners',
      // Callers are servers in Vietnam calling one region; an edge distribution would add a hop.
      endpointTypes: [EndpointType.REGIONAL],
      // Execution logging needs the account-level CloudWatch role. It is shared by every REST API
      // in the account and region, so deleting this stack must not remove it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
        // ERROR, not INFO, and no data trace: execution logs at INFO would copy request bodies
        // (citizens' personal data) into CloudWatch.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        // X-Ray from the stage on: the authorizer's and the function's segments join one trace per request.
        tracingEnabled: true,
        // DESIGN §1: 50 req/s sustained and 500 req/s bursts; the rate leaves 2x headroom.
        throttlingRateLimit: 100,
        throttlingBurstLimit: 500,
      },
    });
    // RestApi adds an `Endpoint` output with a generated name; the stack publishes the URL as `ApiUrl`.
    this.api.node.tryRemoveChild('Endpoint');
    addProblemResponses(this.api);

    const authorizer = new RequestAuthorizer(this, 'ApiKeyAuthorizer', {
      authorizerName: 'lienthong-api-key',
      handler: props.functions.authorizer,
      // The cache key: the policy the authorizer returns covers every route (see
      // functions/core/access/authorization.ts), so one cached entry per key is correct for all of them.
      identitySources: [IdentitySource.header('Authorization')],
      resultsCacheTtl: authorizerCacheTtl,
    });

    // Path parameters are checked by API Gateway. Bodies are validated by each handler's zod
    // schema, which answers with RFC 9457 field errors; an API Gateway model would duplicate the
    // contract in a second, less expressive schema language.
    const validator = new RequestValidator(this, 'ParameterValidator', {
      restApi: this.api,
      validateRequestParameters: true,
      validateRequestBody: false,
    });

    for (const [routePath, pathRoutes] of routesByPath(routes)) {
      const resource = this.api.root.resourceForPath(routePath);
      for (const route of pathRoutes) this.addRoute(resource, route, props.functions, authorizer, validator);
      const notAllowed = addMethodNotAllowed(resource, pathRoutes.map((route) => route.method));
      acknowledgePublic(notAllowed, 'answers a fixed 405 problem document from a MOCK integration and reaches no backend');
    }

    this.acknowledgeReviewedFindings();
  }

  /** cdk-nag findings that are deliberate here, each with the reason it is right for this API. */
  private acknowledgeReviewedFindings(): void {
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Request parameters are validated by API Gateway (RequestValidator on every Lambda method). Bodies are ' +
        'validated by the handlers against the zod contracts in contracts/, which report every failing field as an ' +
        'RFC 9457 problem; an API Gateway model would be a second, drifting copy of the same contract.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Callers are city systems (machines), not people: they authenticate with API keys stored as hashes and checked ' +
        'by the Lambda REQUEST authorizer with per-route scopes (DESIGN §4, §7). There are no user identities for a ' +
        'Cognito user pool to hold.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'WAF is an operator decision with a monthly cost, and the AWS managed common rule set would block dossier ' +
        'snapshots above its 8 KB body limit unless tuned. Every data route already requires an API key, the stage ' +
        'is throttled, and a WebACL can be associated with this REST API stage later without changing it.',
    });
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway's account-level logging role serves every REST API in the account and region, and the log " +
          'groups it writes are named by API Gateway; the AWS managed policy is the documented one and cannot be ' +
          'scoped to this API without breaking logging for the others.',
      });
    }
  }

  private addRoute(
    resource: IResource,
    route: Route,
    functions: Record<FunctionKey, NodejsFunction>,
    authorizer: RequestAuthorizer,
    validator: RequestValidator,
  ): Method {
    if (!(route.function in functionDefinitions)) {
      throw new Error(`route ${route.operationId} names function "${route.function}", which infra/topology/functions.ts does not define`);
    }
    const handler = functions[route.function as FunctionKey];
    const requestParameters = Object.fromEntries(
      [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [`method.request.path.${match[1]}`, true]),
    );
    const method = resource.addMethod(
      route.method,
      // Only the deployed stage may invoke the function; the console's test-invoke is not needed.
      new LambdaIntegration(handler, { proxy: true, allowTestInvoke: false }),
      {
        operationName: route.operationId,
        requestValidator: validator,
        requestParameters,
        ...(route.auth.kind === 'apiKey'
          ? { authorizer, authorizationType: AuthorizationType.CUSTOM }
          : { authorizationType: AuthorizationType.NONE }),
      },
    );
    acknowledgeOpenMethod(method, route);
    return method;
  }
}

/** Routes sharing a path share one API Gateway resource (and one 405 answer for the rest). */
function routesByPath(all: readonly Route[]): Map<string, Route[]> {
  const byPath = new Map<string, Route[]>();
  for (const route of all) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  return byPath;
}

/**
 * APIG4 flags every method without an API Gateway authorizer. Routes that authenticate otherwise,
 * or that are public on purpose, say why here; an API-key route needs nothing.
 */
function acknowledgeOpenMethod(method: Method, route: Route): void {
  const { auth } = route;
  switch (auth.kind) {
    case 'apiKey':
      return;
    case 'none':
      acknowledgePublic(method, `is ${route.method} ${route.path}, public by design: ${route.summary}`);
      return;
    case 'signature':
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          `${route.method} ${route.path} is authenticated by the function itself: it verifies the sender's ` +
          `${auth.scheme} signature over the raw body (constant-time, timestamp window) before parsing, which an ` +
          'API Gateway authorizer cannot do because it never sees the body (DESIGN §7).',
      });
      return;
    default:
      throw new Error(`route ${route.operationId} has an auth kind this stack does not know: ${JSON.stringify(auth satisfies never)}`);
  }
}

function acknowledgePublic(method: Method, why: string): void {
  Validations.of(method).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason: `This method ${why} It returns no dossier, client or personal data.`,
  });
}

/** One JSON object per request; CloudWatch Logs Insights reads the fields without parsing rules. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      extendedRequestId: AccessLogField.contextExtendedRequestId(),
      requestTime: AccessLogField.contextRequestTimeEpoch(),
      sourceIp: AccessLogField.contextIdentitySourceIp(),
      userAgent: AccessLogField.contextIdentityUserAgent(),
      httpMethod: AccessLogField.contextHttpMethod(),
      resourcePath: AccessLogField.contextResourcePath(),
      path: AccessLogField.contextPath(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      // The authorizer's principalId is the key id, never the key.
      keyId: AccessLogField.contextAuthorizerPrincipalId(),
      authorizerError: AccessLogField.contextAuthorizerError(),
      errorType: AccessLogField.contextErrorResponseType(),
      errorMessage: AccessLogField.contextErrorMessage(),
    }),
  );
}
