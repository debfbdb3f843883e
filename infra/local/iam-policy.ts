import type { APIGatewayAuthorizerResult } from 'aws-lambda';

/**
 * Evaluates an authorizer's policy the way API Gateway does for execute-api:Invoke: an explicit
 * Deny wins, otherwise an Allow whose resource pattern matches (IAM wildcards `*` and `?`).
 */
export function isInvokeAllowed(policy: APIGatewayAuthorizerResult['policyDocument'], methodArn: string): boolean {
  let allowed = false;
  for (const statement of policy.Statement) {
    if (!('Action' in statement) || !('Resource' in statement)) continue;
    const actions = ([] as string[]).concat(statement.Action as string | string[]);
    if (!actions.some((action) => action === '*' || action === 'execute-api:*' || action === 'execute-api:Invoke')) continue;
    const resources = ([] as string[]).concat(statement.Resource as string | string[]);
    if (!resources.some((pattern) => wildcardMatch(pattern, methodArn))) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

function wildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(value);
}
