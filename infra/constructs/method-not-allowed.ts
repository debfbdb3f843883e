import type { IResource, Method } from 'aws-cdk-lib/aws-apigateway';
import { AuthorizationType, MockIntegration, PassthroughBehavior } from 'aws-cdk-lib/aws-apigateway';
import { problemContentType, problemTypes } from '../../contracts/api/problem';

/**
 * Answers 405 with an `Allow` header on a resource that has routes, for every method it lacks.
 *
 * Without this, API Gateway answers `DELETE /v1/dossiers/x` with MISSING_AUTHENTICATION_TOKEN, i.e.
 * a 404 that claims the path does not exist. An `ANY` method is only chosen when no specific method
 * matches, so it never shadows a route. It needs no authorizer: it reaches no backend and reveals
 * only what the public OpenAPI document already lists.
 */
export function addMethodNotAllowed(resource: IResource, allowedMethods: readonly string[]): Method {
  const allow = [...allowedMethods].sort().join(', ');
  return resource.addMethod(
    'ANY',
    new MockIntegration({
      // No request template: the mock then returns the default integration response whatever the
      // request's Content-Type, instead of 415 for types without a template (API Gateway developer
      // guide, "Set up mock integrations").
      passthroughBehavior: PassthroughBehavior.WHEN_NO_TEMPLATES,
      integrationResponses: [
        {
          statusCode: '405',
          responseParameters: {
            'method.response.header.Allow': `'${allow}'`,
            'method.response.header.Content-Type': `'${problemContentType}'`,
            'method.response.header.x-request-id': 'context.requestId',
          },
          responseTemplates: { 'application/json': methodNotAllowedTemplate(allow) },
        },
      ],
    }),
    {
      authorizationType: AuthorizationType.NONE,
      methodResponses: [
        {
          statusCode: '405',
          responseParameters: {
            'method.response.header.Allow': true,
            'method.response.header.Content-Type': true,
            'method.response.header.x-request-id': true,
          },
        },
      ],
    },
  );
}

/**
 * A VTL template. `$util.escapeJavaScript` escapes `'` as `\'`, which JSON does not allow, so that
 * one escape is undone to keep `instance` valid JSON whatever the path holds.
 */
function methodNotAllowedTemplate(allow: string): string {
  return [
    String.raw`#set($instance = $util.escapeJavaScript($context.path).replaceAll("\\'", "'"))`,
    JSON.stringify({
      type: problemTypes.methodNotAllowed,
      title: 'Method not allowed',
      status: 405,
      detail: `$context.httpMethod is not supported here; this resource supports ${allow}.`,
      instance: '$instance',
      requestId: '$context.requestId',
    }),
  ].join('\n');
}
