import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { UsageError } from './target';

/**
 * A deployed stack's outputs (ApiUrl, LedgerTableName, …), read with the default AWS credential
 * chain and region (AWS_PROFILE, AWS_REGION, SSO, instance roles: whatever the operator's shell
 * has). The CLI points at a stack by its name only, so nobody copies URLs and table names by hand.
 */
export async function readStackOutputs(stackName: string, client: CloudFormationClient = new CloudFormationClient({})): Promise<Record<string, string>> {
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks[0];
    if (!stack) throw new UsageError(`no stack named ${stackName}`);
    return Object.fromEntries((stack.Outputs ?? []).filter((o) => o.OutputKey && o.OutputValue).map((o) => [o.OutputKey!, o.OutputValue!]));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // CloudFormation answers a missing stack with a ValidationError; credentials problems have their own names.
    const { name, message } = error as Error;
    throw new UsageError(`cannot read the outputs of stack ${stackName}: ${name}: ${message}`);
  } finally {
    client.destroy();
  }
}
