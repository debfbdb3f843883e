import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProblem } from '../../contracts/api/gateway-problems';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType, problemTypes } from '../../contracts/api/problem';
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import { buildApp } from '../../infra/app';

let template: Template;
let resources: Record<string, { Type: string; Properties: Record<string, any> }>;

beforeAll(() => {
  const { stack } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

const allRoutes = routes as readonly Route[];
const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function onlyId(type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

/** Rebuilds `/v1/dossiers/{code}` from the Resource chain up to the API's root. */
function resourcePath(resourceId: string): string {
  const resource = resources[resourceId];
  if (!resource || resource.Type !== 'AWS::ApiGateway::Resource') return '';
  return `${resourcePath(resource.Properties.ParentId.Ref ?? '')}/${resource.Properties.PathPart}`;
}

function methodAt(path: string, httpMethod: string) {
  const found = Object.values(resources).filter(
    (resource) =>
      resource.Type === 'AWS::ApiGateway::Method' &&
      resource.Properties.HttpMethod === httpMethod &&
      resourcePath(resource.Properties.ResourceId.Ref) === path,
  );
  expect(found).toHaveLength(1);
  return found[0]!.Properties;
}

function functionIdFor(functionKey: string): string {
  const pattern = new RegExp(`^Functions${pascal(functionKey)}[0-9A-F]{8}$`);
  const id = Object.keys(template.findResources('AWS::Lambda::Function')).find((candidate) => pattern.test(candidate));
  if (!id) throw new Error(`no function ${functionKey}`);
  return id;
}

describe('routes', () => {
  it.each(allRoutes.map((route) => [route.operationId, route] as const))(
    'exposes %s on its method and path, proxied to its function',
    (_operationId, route) => {
      // Act
      const method = methodAt(route.path, route.method);

      // Assess
      expect(method.OperationName).toBe(route.operationId);
      expect(method.Integration.Type).toBe('AWS_PROXY');
      expect(JSON.stringify(method.Integration.Uri)).toContain(`"${functionIdFor(route.function)}"`);
    },
  );

  it.each(allRoutes.map((route) => [route.operationId, route] as const))(
    'protects %s with the API-key authorizer exactly when the route table asks for a key',
    (_operationId, route) => {
      // Prepare
      const authorizer = onlyId('AWS::ApiGateway::Authorizer');

      // Act
      const method = methodAt(route.path, route.method);

      // Assess
      if (route.auth.kind === 'apiKey') {
        expect(method.AuthorizationType).toBe('CUSTOM');
        expect(method.AuthorizerId).toEqual({ Ref: authorizer });
      } else {
        expect(method.AuthorizationType).toBe('NONE');
        expect(method.AuthorizerId).toBeUndefined();
      }
    },
  );

  it.each(allRoutes.map((route) => [route.operationId, route] as const))(
    'validates the path parameters of %s at the gateway',
    (_operationId, route) => {
      // Prepare
      const validator = onlyId('AWS::ApiGateway::RequestValidator');
      const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => `method.request.path.${match[1]}`);

      // Act
      const method = methodAt(route.path, route.method);

      // Assess
      expect(method.RequestValidatorId).toEqual({ Ref: validator });
      expect(Object.keys(method.RequestParameters ?? {})).toEqual(parameters);
    },
  );

  it('has no methods beyond the route table and one 405 answer per routed resource', () => {
    // Prepare
    const paths = new Set(allRoutes.map((route) => route.path));

    // Act
    const methods = template.findResources('AWS::ApiGateway::Method');

    // Assess
    expect(Object.keys(methods)).toHaveLength(allRoutes.length + paths.size);
  });
});

describe('API-key authorizer', () => {
  it('runs the authorizer function on the Authorization header and caches its policy for five minutes', () => {
    // Act
    const authorizer = resources[onlyId('AWS::ApiGateway::Authorizer')]!.Properties;

    // Assess
    expect(authorizer).toMatchObject({
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
    });
    expect(JSON.stringify(authorizer.AuthorizerUri)).toContain(`"${functionIdFor('authorizer')}"`);
  });
});

describe('405 for unsupported methods', () => {
  const byPath = new Map<string, string[]>();
  for (const route of allRoutes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method]);

  it.each([...byPath])('answers any other method on %s with 405 and Allow: %s', (path, methods) => {
    // Act
    const method = methodAt(path, 'ANY');
    const [response] = method.Integration.IntegrationResponses;

    // Assess
    expect(method.AuthorizationType).toBe('NONE');
    expect(method.Integration.Type).toBe('MOCK');
    expect(response.StatusCode).toBe('405');
    expect(response.SelectionPattern).toBeUndefined();
    expect(response.ResponseParameters).toEqual({
      'method.response.header.Allow': `'${[...methods].sort().join(', ')}'`,
      'method.response.header.Content-Type': `'${problemContentType}'`,
    });
    expect(method.MethodResponses).toEqual([
      expect.objectContaining({ StatusCode: '405', ResponseParameters: expect.any(Object) }),
    ]);
  });

  it.each([...byPath.keys()])('renders a method-not-allowed problem document on %s', (path) => {
    // Prepare
    const template405: string = methodAt(path, 'ANY').Integration.IntegrationResponses[0].ResponseTemplates['application/json'];
    const [, body = ''] = template405.split('\n');

    // Act
    const rendered = JSON.parse(
      body.replaceAll('$context.httpMethod', 'DELETE').replaceAll('$instance', `/prod${path}`).replaceAll('$context.requestId', 'r-1'),
    );

    // Assess: the shared problem the local twin answers with; the methods are in the Allow header.
    expect(rendered).toEqual({ ...gatewayProblems.methodNotAllowed, instance: `/prod${path}`, requestId: 'r-1' });
  });
});

describe('gateway responses', () => {
  const expected = [
    ['UNAUTHORIZED', '401', problemTypes.unauthenticated],
    ['ACCESS_DENIED', '403', problemTypes.forbidden],
    ['MISSING_AUTHENTICATION_TOKEN', '404', problemTypes.routeNotFound],
    ['REQUEST_TOO_LARGE', '413', problemTypes.payloadTooLarge],
    ['THROTTLED', '429', problemTypes.tooManyRequests],
    ['BAD_REQUEST_PARAMETERS', '400', problemTypes.validation],
    ['DEFAULT_4XX', '400', problemTypes.badRequest],
    ['DEFAULT_5XX', '500', problemTypes.internal],
  ] as const;

  it.each(expected)('answers %s with %s and an RFC 9457 document of type %s', (responseType, status, problemType) => {
    // Prepare
    const [response] = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: responseType } }));

    // Act
    const body = JSON.parse(
      response!.Properties.ResponseTemplates['application/json']
        .replaceAll('$context.error.messageString', '"gateway message"')
        .replaceAll('$context.requestId', 'r-1'),
    );

    // Assess
    expect(response!.Properties.StatusCode).toBe(status);
    expect(response!.Properties.ResponseParameters).toMatchObject({ 'gatewayresponse.header.Content-Type': `'${problemContentType}'` });
    expect(response!.Properties.ResponseParameters).not.toHaveProperty(['gatewayresponse.header.x-request-id']);
    expect(body).toEqual({ type: problemType, title: expect.any(String), status: Number(status), detail: expect.any(String), requestId: 'r-1' });
  });

  /** Renders a gateway-response template as API Gateway would, with a stand-in for its message. */
  function renderedBody(responseType: string) {
    const [response] = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: responseType } }));
    return JSON.parse(
      response!.Properties.ResponseTemplates['application/json']
        .replaceAll('$context.error.messageString', '"gateway message"')
        .replaceAll('$context.requestId', 'r-1'),
    );
  }

  // The local twin answers these same problems (infra/local/rest-api.ts), so both read alike.
  const shared: (readonly [string, GatewayProblem])[] = [
    ['UNAUTHORIZED', gatewayProblems.unauthenticated],
    ['ACCESS_DENIED', gatewayProblems.forbidden],
    ['MISSING_AUTHENTICATION_TOKEN', gatewayProblems.routeNotFound],
    ['RESOURCE_NOT_FOUND', gatewayProblems.routeNotFound],
    ['REQUEST_TOO_LARGE', gatewayProblems.payloadTooLarge],
    ['AUTHORIZER_FAILURE', gatewayProblems.authorizerFailure],
    ['THROTTLED', gatewayProblems.tooManyRequests],
    ['UNSUPPORTED_MEDIA_TYPE', gatewayProblems.unsupportedMediaType],
    ['INTEGRATION_FAILURE', gatewayProblems.integrationFailure],
    ['INTEGRATION_TIMEOUT', gatewayProblems.integrationTimeout],
    ['API_CONFIGURATION_ERROR', gatewayProblems.internal],
    ['DEFAULT_5XX', gatewayProblems.internal],
  ];

  it.each(shared)('answers %s with the shared problem, word for word', (responseType, problem) => {
    // Act
    const body = renderedBody(responseType);

    // Assess
    expect(body).toEqual({ ...problem, requestId: 'r-1' });
  });

  it.each([
    ['BAD_REQUEST_PARAMETERS', gatewayProblems.invalidRequest],
    ['DEFAULT_4XX', gatewayProblems.badRequest],
    ['WAF_FILTERED', gatewayProblems.forbidden],
  ] as const)("answers %s with the shared title and API Gateway's own message, which names the cause", (responseType, problem) => {
    // Act
    const body = renderedBody(responseType);

    // Assess
    expect(body).toEqual({ type: problem.type, title: problem.title, status: problem.status, detail: 'gateway message', requestId: 'r-1' });
  });

  it('uses only shared titles: every gateway response is a problem of contracts/api/gateway-problems.ts', () => {
    // Prepare
    const known = Object.values(gatewayProblems).map(({ type, title, status }) => JSON.stringify({ type, title, status }));

    // Act
    const rendered = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).map((response) => {
      const { type, title, status } = renderedBody(response.Properties.ResponseType);
      return JSON.stringify({ type, title, status });
    });

    // Assess
    expect(rendered.filter((problem) => !known.includes(problem))).toEqual([]);
  });

  it('keeps the shared texts free of template syntax, since gateway templates cannot escape', () => {
    // Act
    const texts = Object.values(gatewayProblems).flatMap((problem) => [problem.title, problem.detail]);

    // Assess: `$` starts a substitution, `#` a VTL directive in the 405 template.
    expect(texts.filter((text) => /[$#]/.test(text))).toEqual([]);
  });

  it('never copies a request value into a gateway response header: it could not be checked first', () => {
    // Prepare: API Gateway maps only constants ('…') or request values verbatim (method.request.…).
    const all = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse'));

    // Act
    const copied = all.flatMap((response) =>
      Object.entries(response.Properties.ResponseParameters ?? {})
        .filter(([, value]) => !/^'.*'$/.test(String(value)))
        .map(([header, value]) => `${response.Properties.ResponseType} ${header}=${String(value)}`),
    );

    // Assess: the request id of a gateway answer is API Gateway's own, in the body and x-amzn-RequestId.
    expect(all.length).toBeGreaterThan(0);
    expect(copied).toEqual([]);
  });

  it('asks throttled clients to retry after a second', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED',
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Retry-After': "'1'" }),
    });
  });

  it('names the Bearer scheme on 401', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" }),
    });
  });

  it('keeps the body status equal to the status line for every response type', () => {
    // Act
    const all = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse'));

    // Assess
    expect(all.length).toBeGreaterThanOrEqual(expected.length);
    for (const response of all) {
      const body = response.Properties.ResponseTemplates['application/json'] as string;
      expect(body).toContain(`"status":${response.Properties.StatusCode},`);
    }
  });
});

describe('stage', () => {
  it('deploys one stage named prod, throttled for the design load', () => {
    // Act & Assess
    template.resourceCountIs('AWS::ApiGateway::Stage', 1);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 500,
        }),
      ],
    });
  });

  it('traces every request with X-Ray from the stage on, so the functions\' segments join its trace', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod', TracingEnabled: true });
  });

  it('writes a JSON access log line per request to a log group kept for a year', () => {
    // Prepare
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0]!;
    const setting = stage.Properties.AccessLogSetting;
    const logGroupId = JSON.stringify(setting.DestinationArn).match(/"Ref":"([^"]+)"/)?.[1] ?? '';

    // Act
    const format = JSON.parse(setting.Format);

    // Assess
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', keyId: '$context.authorizer.principalId' });
    expect(resources[logGroupId]?.Properties.RetentionInDays).toBe(365);
  });

  it('is a regional endpoint', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
  });
});
