import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GatewayStack, gatewayStackName } from './gateway-stack';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Placeholders used when no account or region is configured, so synth never asks AWS. */
export const defaultAccount = '000000000000';
export const defaultRegion = 'ap-southeast-1';

export interface BuildAppOptions {
  /** Bundle the functions with esbuild; tests turn it off to synthesise in a fraction of a second. */
  readonly bundle?: boolean;
  /** Run cdk-nag's AwsSolutionsChecks when the app is synthesised. */
  readonly nag?: boolean;
  /**
   * CDK's built-in CloudFormation schema validation. It costs about 2.5 s per synthesis, so unit
   * tests about one construct turn it off; `cdk synth` and the cdk-nag test keep it on.
   */
  readonly cloudFormationValidation?: boolean;
  /** Context over cdk.json's, as `cdk synth -c key=value` gives it (e.g. the partners' real endpoints). */
  readonly context?: Record<string, unknown>;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: GatewayStack;
}

/**
 * Builds the CDK app. The feature flags come from cdk.json so a test builds exactly what
 * `cdk synth` builds; the environment is explicit so no context lookup (network) is ever attempted.
 */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...options.context };
  // An empty list of stacks to bundle is CDK's documented switch for skipping asset bundling.
  if (options.bundle === false) context['aws:cdk:bundling-stacks'] = [];

  const app = new App({ context, builtinCloudFormationValidation: options.cloudFormationValidation ?? true });
  const stack = new GatewayStack(app, gatewayStackName, {
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT ?? defaultAccount,
      region: process.env.CDK_DEFAULT_REGION ?? defaultRegion,
    },
    description: 'Lienthong: serverless integration gateway between the city, the national portal and partners',
  });
  // cdk-nag 3 is a validation plugin; the v2 `Aspects.of(app).add(...)` form crashes (TOOLCHAIN.md §3).
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

// Synthesise only when run as the CDK app (`npx tsx infra/app.ts`), not when a test imports this module.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  buildApp().app.synth();
}
