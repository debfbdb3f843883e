import type { IResource, Method } from 'aws-cdk-lib/aws-apigateway';
import { AuthorizationType, MockIntegration, PassthroughBehavior } from 'aws-cdk-lib/aws-apigateway';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType } from '../../contracts/api/problem';

/**
 * Answers 405 with an `Allow` header on a resource that has routes, for every method it lacks.
 *
 * Without this, API Gateway answers `DELETE /v1/dossiers/x` with MISSING_AUTHENTICATION_TOKEN, i.e.
 * a 404 that claims the path does not exist. An `ANY` method is only chosen when no specific method
 * matches, so it never shadows a route. It needs no authorizer: it reaches no backend and reveals
 * only what the public OpenAPI document already lists. Like every gateway answer it names API
 * Gateway's own request id (body `requestId`, header `x-amzn-RequestId`) and no `x-request-id`.
 */
export function addMethodNotAllowed(resource: IResource, allowedMethods: readonly string[]): Method {
  const allow = [...allowedMethods].sort().join(', ');
  const statusCode = String(gatewayProblems.methodNotAllowed.status);
  return resource.addMethod(
    'ANY',
    new MockIntegration({
      // No request template: the mock then returns the default integration response whatever the
      // request's Content-Type, instead of 415 for types without a template (API Gateway developer
      // guide, "Set up mock integrations").
      passthroughBehavior: PassthroughBehavior.WHEN_NO_TEMPLATES,
      integrationResponses: [
        {
          statusCode,
          responseParameters: {
            'method.response.header.Allow': `'${allow}'`,
            'method.response.header.Content-Type': `'${problemContentType}'`,
          },
          responseTemplates: { 'application/json': methodNotAllowedTemplate() },
        },
      ],
    }),
    {
      authorizationType: AuthorizationType.NONE,
      methodResponses: [
        {
          statusCode,
          responseParameters: {
            'method.response.header.Allow': true,
            'method.response.header.Content-Type': true,
          },
        },
      ],
    },
  );
}

/**
 * A VTL template. `$util.escapeJavaScript` escapes `'` as `\'`, which JSON does not allow, so that
 * one escape is undone to keep `instance` valid JSON whatever the path holds. The problem's text is
 * the shared one the local twin answers with too; the methods this resource takes are in `Allow`.
 */
function methodNotAllowedTemplate(): string {
  const { type, title, status, detail } = gatewayProblems.methodNotAllowed;
  return [
    String.raw`#set($instance = $util.escapeJavaScript($context.path).replaceAll("\\'", "'"))`,
    JSON.stringify({ type, title, status, detail, instance: '$instance', requestId: '$context.requestId' }),
  ].join('\n');
}
