import { Annotations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { PartnerKey, PartnerSetting } from '../topology/partners';
import { partnerDefinitions, placeholderHostSuffix } from '../topology/partners';

/**
 * The environment variables of one partner's non-secret settings, read from CDK context (cdk.json,
 * or `cdk deploy -c lienthong:cityIntakeUrl=https://…`). A required setting that is missing or a
 * malformed value fails the synth, naming the context key: that is cheaper than a function that
 * fails its configuration check at every cold start. Unset optional settings are left out so the
 * function's own default applies. A placeholder endpoint (cdk.json's offline default) only warns,
 * on the function that would call it, so `cdk synth` works without real endpoints.
 */
export function partnerSettingsEnvironment(scope: IConstruct, key: PartnerKey): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const setting of partnerDefinitions[key].settings) {
    const raw: unknown = scope.node.tryGetContext(setting.contextKey);
    if (raw === undefined || raw === null || raw === '') {
      if (setting.required) {
        throw new Error(
          `CDK context ${setting.contextKey} is required by the ${key} partner (${setting.description}); ` +
            `set it in cdk.json or with -c ${setting.contextKey}=<value>`,
        );
      }
      continue;
    }
    const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
    const problem = formatProblem(setting, value);
    if (problem) throw new Error(`CDK context ${setting.contextKey} ${problem}: ${JSON.stringify(value)}`);
    if (isPlaceholder(setting, value)) {
      Annotations.of(scope).addWarningV2(
        `placeholder:${setting.contextKey}`,
        `${setting.envVar} is the placeholder ${value}: calls to the ${key} partner will fail until ` +
          `${setting.contextKey} is set to the real endpoint (cdk deploy -c ${setting.contextKey}=https://…).`,
      );
    }
    environment[setting.envVar] = value;
  }
  return environment;
}

/** Why a value cannot be right, or undefined. The function's zod schema still has the last word. */
function formatProblem(setting: PartnerSetting, value: string): string | undefined {
  switch (setting.format) {
    case 'url':
      // Partner traffic carries citizens' personal data and credentials: never in clear text.
      if (!URL.canParse(value)) return 'is not a URL';
      return new URL(value).protocol === 'https:' ? undefined : 'must be an https URL';
    case 'path':
      return value.startsWith('/') ? undefined : 'must start with /';
    case 'integer':
      return /^\d+$/.test(value) ? undefined : 'must be a whole number';
    case 'number':
      return /^\d+(\.\d+)?$/.test(value) ? undefined : 'must be a number';
    case 'csvIntegers':
      return /^\d+(,\d+)*$/.test(value) ? undefined : 'must be comma-separated whole numbers';
    case 'json':
      try {
        JSON.parse(value);
        return undefined;
      } catch {
        return 'is not valid JSON';
      }
    case 'text':
      return undefined;
    default:
      return `has a format this stack does not know: ${JSON.stringify(setting.format satisfies never)}`;
  }
}

function isPlaceholder(setting: PartnerSetting, value: string): boolean {
  return setting.format === 'url' && new URL(value).hostname.endsWith(placeholderHostSuffix);
}
