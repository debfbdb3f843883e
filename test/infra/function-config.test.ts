import { randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../infra/app';
import type { FunctionDefinition, FunctionKey } from '../../infra/topology/functions';
import { functions } from '../../infra/topology/functions';

/*
 * What a function meets at its first cold start: the environment the stack gives it, read by the
 * real configuration modules of functions/adapters/ (zod schemas, required variables, "ARN or
 * inline" checks). A variable that is required but not wired fails here instead of in production.
 */

const definitions = Object.entries(functions) as [FunctionKey, FunctionDefinition][];
const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

type Loader = (module: Record<string, () => unknown>) => unknown;

/** Every partner configuration module, and the call that validates its environment. */
const configModules: Record<string, Loader> = {
  'functions/adapters/portal/portal-config.ts': (module) => module.portalConfig!(),
  'functions/adapters/portal/portal-callback-config.ts': (module) => module.callbackStatusMap!(),
  'functions/adapters/city/city-config.ts': (module) => module.cityConfig!(),
  'functions/adapters/identity/identity-config.ts': (module) => module.identityConfig!(),
  'functions/adapters/payment/payment-config.ts': (module) => module.paymentConfig!(),
  'functions/adapters/ledger/ledger-config.ts': (module) => module.ledgerSealConfig!(),
};

let template: Template;
/** Which configuration modules end up in each function's bundle. */
let modulesOf: Record<FunctionKey, string[]>;

beforeAll(async () => {
  template = Template.fromStack(buildApp({ bundle: false, nag: false, cloudFormationValidation: false }).stack);

  // The bundle's own inputs, as esbuild sees them; node_modules stay out, so this takes ~100 ms.
  const result = await build({
    entryPoints: Object.fromEntries(definitions.map(([key, definition]) => [key, definition.entry])),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: 'out',
    logLevel: 'silent',
  });
  modulesOf = Object.fromEntries(
    Object.values(result.metafile.outputs)
      .filter((output) => output.entryPoint !== undefined)
      .map((output) => {
        const key = definitions.find(([, definition]) => definition.entry === output.entryPoint)![0];
        return [key, Object.keys(output.inputs).filter((input) => input in configModules)];
      }),
  ) as Record<FunctionKey, string[]>;
});

afterEach(() => {
  vi.doUnmock('@aws-lambda-powertools/parameters/secrets');
  vi.resetModules();
});

/** The function's variables as Lambda would see them: references become plausible physical values. */
function deployedEnvironment(key: FunctionKey): Record<string, string> {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const id = Object.keys(resources).find((candidate) => new RegExp(`^Functions${pascal(key)}[0-9A-F]{8}$`).test(candidate))!;
  const variables = (resources[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const physical = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const ref = (value as { Ref?: string }).Ref;
    const type = ref ? resources[ref]?.Type : undefined;
    if (type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:${ref}-AbCdEf`;
    if (type === 'AWS::SQS::Queue') return `https://sqs.ap-southeast-1.amazonaws.com/000000000000/${ref}`;
    if (type === 'AWS::DynamoDB::GlobalTable') return `Lienthong-${ref}`;
    if (type === 'AWS::S3::Bucket') return `lienthong-${ref}`.toLowerCase();
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt && resources[getAtt[0]]?.Type === 'AWS::KMS::Key') return `arn:aws:kms:ap-southeast-1:000000000000:key/${getAtt[0]}`;
    throw new Error(`no physical value for ${JSON.stringify(value)}`);
  };
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, physical(value)]));
}

/** Loads a configuration module afresh (its `once` cache is per module instance) under an environment. */
async function loadUnder(environment: Record<string, string>, module: string): Promise<unknown> {
  const saved = process.env;
  process.env = { ...environment };
  try {
    vi.resetModules();
    const loaded = (await import(path.resolve(module))) as Record<string, () => unknown>;
    return configModules[module]!(loaded);
  } finally {
    process.env = saved;
  }
}

describe('configuration at cold start', () => {
  it('knows every partner configuration module under functions/adapters', () => {
    // Act
    const found = readdirSync('functions/adapters', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('-config.ts'))
      .map((file) => path.posix.join('functions/adapters', file.split(path.sep).join('/')));

    // Assess
    expect(found.sort()).toEqual(Object.keys(configModules).sort());
  });

  it('finds the configuration modules the new functions load', () => {
    // Act & Assess
    expect(modulesOf.verifyCitizen).toEqual(['functions/adapters/identity/identity-config.ts']);
    for (const key of ['openPayment', 'paymentConfirmation', 'paymentReconciler'] as const) {
      expect(modulesOf[key]).toEqual(['functions/adapters/payment/payment-config.ts']);
    }
  });

  it.each(definitions)('accepts the environment the stack gives %s, in every configuration module it bundles', async (key) => {
    // Prepare
    const environment = deployedEnvironment(key);

    // Act & Assess
    for (const module of modulesOf[key]) await expect(loadUnder(environment, module)).resolves.toBeDefined();
  });

  it('would catch a required variable left unwired (the check is not vacuous)', async () => {
    // Prepare
    const { VNPAY_PAY_URL: _dropped, ...environment } = deployedEnvironment('paymentReconciler');

    // Act & Assess
    await expect(loadUnder(environment, 'functions/adapters/payment/payment-config.ts')).rejects.toThrow(/VNPAY_PAY_URL/);
  });

  it("reads the ledger key from its secret in AWS, not from the twin's variable", async () => {
    // Act
    const config = (await loadUnder(deployedEnvironment('verifyCitizen'), 'functions/adapters/identity/identity-config.ts')) as Record<
      string,
      unknown
    >;

    // Assess
    expect(config.LEDGER_HMAC_KEY_SECRET_ARN).toMatch(/^arn:aws:secretsmanager:.*PartnerSecretsLedgerHmacSecret/);
    expect(config.LEDGER_HMAC_KEY).toBeUndefined();
    expect(config.IDENTITY_RELAY_SECRET_ARN).toMatch(/PartnerSecretsIdentitySecret/);
  });
});

describe('the ledger key as verify-citizen reads it', () => {
  /** What Secrets Manager generates for the template's GenerateSecretString (letters and digits). */
  function generatedLike(settings: { PasswordLength: number; ExcludePunctuation: boolean; IncludeSpace: boolean }): string {
    expect(settings).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from({ length: settings.PasswordLength }, () => alphabet[randomInt(alphabet.length)]).join('');
  }

  /** The key secret's SecretString once CloudFormation has resolved its dynamic reference. */
  function resolvedKeySecret(generated: string): string {
    const resources = template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
    const keyId = Object.keys(resources).find((id) => /^PartnerSecretsLedgerHmacSecret[0-9A-F]{8}$/.test(id))!;
    const [separator, parts] = (resources[keyId]!.Properties.SecretString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const text = parts.map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join(separator);
    return text.replace(/\{\{resolve:secretsmanager:<PartnerSecretsLedgerHmacGenerated[0-9A-F]{8}>:SecretString:::\}\}/, generated);
  }

  function generatedSettings() {
    const resources = template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
    const id = Object.keys(resources).find((candidate) => /^PartnerSecretsLedgerHmacGenerated[0-9A-F]{8}$/.test(candidate))!;
    return resources[id]!.Properties.GenerateSecretString as { PasswordLength: number; ExcludePunctuation: boolean; IncludeSpace: boolean };
  }

  /** Runs the function's own ledgerHmacKey() with Secrets Manager answering `stored`. */
  async function ledgerKeyWhenStored(stored: string): Promise<unknown> {
    vi.doMock('@aws-lambda-powertools/parameters/secrets', () => ({ getSecret: async () => stored }));
    const saved = process.env;
    process.env = { ...deployedEnvironment('verifyCitizen') };
    try {
      vi.resetModules();
      const module = (await import(path.resolve('functions/adapters/identity/identity-config.ts'))) as { ledgerHmacKey: () => Promise<unknown> };
      return await module.ledgerHmacKey();
    } finally {
      process.env = saved;
    }
  }

  it('parses the value the stack stores: a JSON string of the generated key', async () => {
    // Prepare
    const generated = generatedLike(generatedSettings());

    // Act
    const key = await ledgerKeyWhenStored(resolvedKeySecret(generated));

    // Assess
    expect(key).toBe(generated);
  });

  it('would not parse the bare generated value, which is why the stack stores it between quotes', async () => {
    // Prepare
    const generated = generatedLike(generatedSettings());

    // Act & Assess
    await expect(ledgerKeyWhenStored(generated)).rejects.toThrow(SyntaxError);
  });
});
