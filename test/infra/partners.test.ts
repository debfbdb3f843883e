import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import type { GatewayStack } from '../../infra/gateway-stack';
import type { FunctionDefinition, FunctionKey } from '../../infra/topology/functions';
import { functions } from '../../infra/topology/functions';
import type { PartnerDefinition, PartnerKey } from '../../infra/topology/partners';
import { partnerDefinitions, placeholderHostSuffix } from '../../infra/topology/partners';

const definitions = Object.entries(functions) as [FunctionKey, FunctionDefinition][];
const partnerEntries = Object.entries(partnerDefinitions) as [PartnerKey, PartnerDefinition][];
const partnerKeys = partnerEntries.map(([key]) => key);
const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
const cdkJsonContext = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context;

/** Real-looking endpoints (`.example` is reserved too, but it is not the placeholder marker). */
const deployedContext = {
  'lienthong:portalBaseUrl': 'https://lgsp.city.example/dvcqg',
  'lienthong:cityIntakeUrl': 'https://motcua.city.example/lienthong/events',
  'lienthong:identityRelayUrl': 'https://lgsp.city.example/csdlqg/tra-cuu',
  'lienthong:paygovBaseUrl': 'https://api.paygov.example',
  'lienthong:vnpayPayUrl': 'https://pay.vnpay.example/paymentv2/vpcpay.html',
};

const partnerOwned = partnerEntries.filter(([, definition]) => definition.secret.owner === 'partner');
const gatewayOwned = partnerEntries.filter(([, definition]) => definition.secret.owner === 'gateway');

let stack: GatewayStack;
let template: Template;

beforeAll(() => {
  ({ stack } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false }));
  template = Template.fromStack(stack);
});

/** Construct ids follow the topology keys, so logical ids are `<path><hash>`. */
function logicalIdIn(source: Template, type: string, path: string): string {
  const pattern = new RegExp(`^${path}[0-9A-F]{8}$`);
  const id = Object.keys(source.findResources(type)).find((candidate) => pattern.test(candidate));
  if (!id) throw new Error(`no ${type} at ${path}`);
  return id;
}

const secretId = (key: PartnerKey) => logicalIdIn(template, 'AWS::SecretsManager::Secret', `PartnerSecrets${pascal(key)}Secret`);
/** Where Secrets Manager generates a gateway-owned key. */
const generatedId = (key: PartnerKey) => logicalIdIn(template, 'AWS::SecretsManager::Secret', `PartnerSecrets${pascal(key)}Generated`);

function variablesIn(source: Template, key: FunctionKey): Record<string, unknown> {
  const id = logicalIdIn(source, 'AWS::Lambda::Function', `Functions${pascal(key)}`);
  return source.toJSON().Resources[id].Properties.Environment.Variables;
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(key: FunctionKey): { Action: string | string[]; Resource: unknown }[] {
  const id = logicalIdIn(template, 'AWS::Lambda::Function', `Functions${pascal(key)}`);
  const roleId = template.toJSON().Resources[id].Properties.Role['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function warningsOn(construct: IConstruct): string[] {
  return construct.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning').map((entry) => String(entry.data));
}

describe('partner secrets', () => {
  it('creates one secret per partner, plus where each gateway-owned key is generated, all kept when the stack is deleted', () => {
    // Act
    const secrets = template.findResources('AWS::SecretsManager::Secret');

    // Assess
    expect(Object.keys(secrets).sort()).toEqual([...partnerKeys.map(secretId), ...gatewayOwned.map(([key]) => generatedId(key))].sort());
    for (const secret of Object.values(secrets)) {
      expect([secret.DeletionPolicy, secret.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
  });

  it.each(partnerEntries)('describes the shape operators must store in the %s secret', (key, definition) => {
    // Act
    const secret = template.toJSON().Resources[secretId(key)];

    // Assess
    expect(secret.Properties.Description).toContain(definition.secret.shape);
  });

  it("puts no partner's value in the template, only a placeholder that fails every partner shape", () => {
    // Act
    const secrets = partnerOwned.map(([key]) => template.toJSON().Resources[secretId(key)]);

    // Assess
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(secret.Properties.SecretString).toBeUndefined();
      const placeholder = JSON.parse(secret.Properties.GenerateSecretString.SecretStringTemplate);
      // Not { username, password }, not an array, not a "whsec_" string: a function reading it fails loudly.
      expect(placeholder).not.toHaveProperty('username');
      expect(Array.isArray(placeholder)).toBe(false);
      expect(typeof placeholder).toBe('object');
    }
  });

  it('publishes every secret ARN so operators know where to store the values', () => {
    // Act & Assess
    for (const key of partnerKeys) template.hasOutput(`${pascal(key)}SecretArn`, { Value: { Ref: secretId(key) } });
  });
});

describe('the ledger key (gateway-owned)', () => {
  it('is the only gateway-owned secret', () => {
    // Act & Assess
    expect(gatewayOwned.map(([key]) => key)).toEqual(['ledgerHmac']);
  });

  it.each(gatewayOwned)('lets Secrets Manager generate the %s key as 64 letters and digits, nothing to escape in JSON', (key) => {
    // Act
    const generated = template.toJSON().Resources[generatedId(key)];

    // Assess
    expect(generated.Properties.SecretString).toBeUndefined();
    expect(generated.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    expect([generated.DeletionPolicy, generated.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it.each(gatewayOwned)('stores the %s key as a JSON string: the generated value between quotes, by dynamic reference only', (key) => {
    // Act
    const secret = template.toJSON().Resources[secretId(key)];

    // Assess: resolved by CloudFormation at deployment; the value is never in the template.
    expect(secret.Properties.GenerateSecretString).toBeUndefined();
    expect(secret.Properties.SecretString).toEqual({
      'Fn::Join': ['', ['"{{resolve:secretsmanager:', { Ref: generatedId(key) }, ':SecretString:::}}"']],
    });
  });

  it('keeps the logical ids of the ledger key: a replaced secret would be a new key, breaking ledger correlation', () => {
    // Act & Assess: renaming a construct on the way to these secrets must be a deliberate decision.
    expect([secretId('ledgerHmac'), generatedId('ledgerHmac')]).toEqual([
      'PartnerSecretsLedgerHmacSecret96AF8587',
      'PartnerSecretsLedgerHmacGeneratedB29E2153',
    ]);
  });

  it('lets verify-citizen alone read the ledger key, and no function the generated copy', () => {
    // Act
    const readers = (id: string) =>
      definitions.filter(([key]) => statementsOf(key).some((statement) => JSON.stringify(statement.Resource).includes(`"${id}"`))).map(([key]) => key);

    // Assess
    expect(readers(secretId('ledgerHmac'))).toEqual(['verifyCitizen']);
    expect(readers(generatedId('ledgerHmac'))).toEqual([]);
  });
});

describe('partner wiring', () => {
  const withPartners = definitions.filter(([, definition]) => (definition.partners ?? []).length > 0);

  it('wires every partner (and the ledger key) to the functions that talk to them', () => {
    // Act
    const wired = Object.fromEntries(withPartners.map(([key, definition]) => [key, definition.partners]));

    // Assess
    expect(wired).toEqual({
      portalSync: ['portal'],
      portalCallback: ['portalCallbacks'],
      cityDelivery: ['city'],
      verifyCitizen: ['identity', 'ledgerHmac'],
      openPayment: ['paygov', 'vnpay'],
      paymentConfirmation: ['paygov', 'vnpay', 'momo'],
      paymentReconciler: ['paygov', 'vnpay'],
      portalVerifier: ['portal'],
      insightReconciler: ['portal'],
      opsActions: ['portal'],
    });
  });

  it('lists every partner on at least one function', () => {
    // Act
    const listed = new Set(definitions.flatMap(([, definition]) => definition.partners ?? []));

    // Assess
    expect(partnerKeys.filter((key) => !listed.has(key))).toEqual([]);
  });

  it.each(withPartners)("gives %s each partner's secret ARN, and never a secret value", (key, definition) => {
    // Act
    const variables = variablesIn(template, key);

    // Assess
    for (const partner of definition.partners ?? []) {
      expect(variables[partnerDefinitions[partner].secret.arnEnvVar]).toEqual({ Ref: secretId(partner) });
    }
  });

  it.each(definitions)('gives %s only the partner variables of the partners it lists', (key, definition) => {
    // Prepare
    const listed = new Set<PartnerKey>(definition.partners ?? []);
    const foreign = partnerEntries
      .filter(([partner]) => !listed.has(partner))
      .flatMap(([, partner]) => [partner.secret.arnEnvVar, ...partner.settings.map((setting) => setting.envVar)])
      // PORTAL_STATUS_MAP is shared by the portal and its callbacks.
      .filter((name) => !(definition.partners ?? []).some((own) => partnerDefinitions[own].settings.some((setting) => setting.envVar === name)));

    // Act
    const names = Object.keys(variablesIn(template, key));

    // Assess
    expect(names.filter((name) => foreign.includes(name))).toEqual([]);
  });

  it('passes the required endpoints from CDK context (cdk.json by default)', () => {
    // Act & Assess
    expect(variablesIn(template, 'portalSync').PORTAL_BASE_URL).toBe(cdkJsonContext['lienthong:portalBaseUrl']);
    expect(variablesIn(template, 'cityDelivery').CITY_INTAKE_URL).toBe(cdkJsonContext['lienthong:cityIntakeUrl']);
    expect(variablesIn(template, 'verifyCitizen').IDENTITY_RELAY_URL).toBe(cdkJsonContext['lienthong:identityRelayUrl']);
    for (const key of ['openPayment', 'paymentConfirmation', 'paymentReconciler'] as const) {
      expect(variablesIn(template, key)).toMatchObject({
        PAYGOV_BASE_URL: cdkJsonContext['lienthong:paygovBaseUrl'],
        VNPAY_PAY_URL: cdkJsonContext['lienthong:vnpayPayUrl'],
      });
    }
  });

  it('gives each new function exactly its secret ARNs and required settings (optional ones are unset in cdk.json)', () => {
    // Prepare
    const partnerVariables = new Set(
      partnerEntries.flatMap(([, definition]) => [definition.secret.arnEnvVar, ...definition.settings.map((setting) => setting.envVar)]),
    );
    const arnAndRequired = (key: FunctionKey) =>
      Object.keys(variablesIn(template, key))
        .filter((name) => partnerVariables.has(name))
        .sort();

    // Act & Assess
    expect(arnAndRequired('verifyCitizen')).toEqual(['IDENTITY_RELAY_SECRET_ARN', 'IDENTITY_RELAY_URL', 'LEDGER_HMAC_KEY_SECRET_ARN']);
    expect(arnAndRequired('openPayment')).toEqual(['PAYGOV_BASE_URL', 'PAYGOV_SECRET_ARN', 'VNPAY_PAY_URL', 'VNPAY_SECRET_ARN']);
    expect(arnAndRequired('paymentConfirmation')).toEqual([
      'MOMO_SECRET_ARN',
      'PAYGOV_BASE_URL',
      'PAYGOV_SECRET_ARN',
      'VNPAY_PAY_URL',
      'VNPAY_SECRET_ARN',
    ]);
    expect(arnAndRequired('paymentReconciler')).toEqual(['PAYGOV_BASE_URL', 'PAYGOV_SECRET_ARN', 'VNPAY_PAY_URL', 'VNPAY_SECRET_ARN']);
  });

  it('leaves unset optional settings out so the functions apply their own defaults', () => {
    // Act
    const portalSync = variablesIn(template, 'portalSync');
    const cityDelivery = variablesIn(template, 'cityDelivery');

    // Assess
    for (const name of ['PORTAL_AUTH_PATH', 'PORTAL_SERVICE_PATH', 'PORTAL_UNIT_CODE', 'PORTAL_TIMEOUT_MS', 'PORTAL_STATUS_MAP']) {
      expect(portalSync).not.toHaveProperty(name);
    }
    for (const name of ['CITY_DELIVERY_TIMEOUT_MS', 'CITY_DELIVERY_RETRY_SCHEDULE']) expect(cityDelivery).not.toHaveProperty(name);
    const verifyCitizen = variablesIn(template, 'verifyCitizen');
    for (const setting of partnerDefinitions.identity.settings.filter((candidate) => !candidate.required)) {
      expect(verifyCitizen).not.toHaveProperty(setting.envVar);
    }
    const openPayment = variablesIn(template, 'openPayment');
    for (const setting of partnerDefinitions.paygov.settings.filter((candidate) => !candidate.required)) {
      expect(openPayment).not.toHaveProperty(setting.envVar);
    }
  });
});

describe('partner secret access', () => {
  it.each(definitions)('lets %s read exactly the secrets of the partners it lists, with GetSecretValue only', (key, definition) => {
    // Prepare
    const expected = (definition.partners ?? []).map((partner) => ({ Ref: secretId(partner) }));
    const byId = (a: { Ref: string }, b: { Ref: string }) => a.Ref.localeCompare(b.Ref);

    // Act
    const onSecrets = statementsOf(key).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')));

    // Assess: minimizePolicies may merge the grants into one statement listing several secrets.
    expect((onSecrets.flatMap((statement) => [statement.Resource].flat()) as { Ref: string }[]).sort(byId)).toEqual(expected.sort(byId));
    for (const statement of onSecrets) expect(statement.Action).toBe('secretsmanager:GetSecretValue');
  });

  it.each(definitions)('grants %s nothing on the secret of a partner it does not list', (key, definition) => {
    // Prepare
    const others = partnerKeys.filter((partner) => !(definition.partners ?? []).includes(partner)).map(secretId);

    // Act
    const mentions = statementsOf(key).filter((statement) => others.some((id) => JSON.stringify(statement.Resource).includes(`"${id}"`)));

    // Assess
    expect(mentions).toEqual([]);
  });

  it.each([
    ['identity', ['verifyCitizen']],
    ['paygov', ['openPayment', 'paymentConfirmation', 'paymentReconciler']],
    ['vnpay', ['openPayment', 'paymentConfirmation', 'paymentReconciler']],
    ['momo', ['paymentConfirmation']],
  ] as [PartnerKey, FunctionKey[]][])('gives the %s secret to %j alone', (partner, expected) => {
    // Act
    const readers = definitions.filter(([key]) =>
      statementsOf(key).some((statement) => JSON.stringify(statement.Resource).includes(`"${secretId(partner)}"`)),
    );

    // Assess
    expect(readers.map(([key]) => key)).toEqual(expected);
  });

  it('gives the city secret to the city-delivery worker alone', () => {
    // Act
    const readers = definitions.filter(([key]) =>
      statementsOf(key).some((statement) => JSON.stringify(statement.Resource).includes(`"${secretId('city')}"`)),
    );

    // Assess
    expect(readers.map(([key]) => key)).toEqual(['cityDelivery']);
  });
});

describe('partner settings from context', () => {
  it('uses the values given at deploy time, stringifying numbers and JSON objects', () => {
    // Prepare
    const { stack: deployed } = buildApp({
      bundle: false,
      nag: false,
      cloudFormationValidation: false,
      context: {
        ...deployedContext,
        'lienthong:portalUnitCode': 'H01',
        'lienthong:portalTimeoutMs': 15000,
        'lienthong:portalStatusMap': { payment_required: '6' },
        'lienthong:cityDeliveryRetrySchedule': '5,30,120',
        'lienthong:identityTimeoutMs': 2500,
        'lienthong:identityBreakerErrorPercent': 37.5,
        'lienthong:paygovTimeoutMs': '8000',
        'lienthong:paymentTtlMinutes': 30,
        'lienthong:paymentReconcileAfterSeconds': 900,
      },
    });

    // Act
    const deployedTemplate = Template.fromStack(deployed);

    // Assess
    expect(variablesIn(deployedTemplate, 'portalSync')).toMatchObject({
      PORTAL_BASE_URL: deployedContext['lienthong:portalBaseUrl'],
      PORTAL_UNIT_CODE: 'H01',
      PORTAL_TIMEOUT_MS: '15000',
      PORTAL_STATUS_MAP: '{"payment_required":"6"}',
    });
    // The callback intake reads portal status codes back with the same map.
    expect(variablesIn(deployedTemplate, 'portalCallback').PORTAL_STATUS_MAP).toBe('{"payment_required":"6"}');
    expect(variablesIn(deployedTemplate, 'cityDelivery')).toMatchObject({
      CITY_INTAKE_URL: deployedContext['lienthong:cityIntakeUrl'],
      CITY_DELIVERY_RETRY_SCHEDULE: '5,30,120',
    });
    expect(variablesIn(deployedTemplate, 'verifyCitizen')).toMatchObject({
      IDENTITY_RELAY_URL: deployedContext['lienthong:identityRelayUrl'],
      IDENTITY_TIMEOUT_MS: '2500',
      IDENTITY_BREAKER_ERROR_PERCENT: '37.5',
    });
    // The payment flow's own settings reach every function that loads payment-config.ts.
    for (const key of ['openPayment', 'paymentConfirmation', 'paymentReconciler'] as const) {
      expect(variablesIn(deployedTemplate, key)).toMatchObject({
        PAYGOV_BASE_URL: deployedContext['lienthong:paygovBaseUrl'],
        PAYGOV_TIMEOUT_MS: '8000',
        VNPAY_PAY_URL: deployedContext['lienthong:vnpayPayUrl'],
        PAYMENT_TTL_MINUTES: '30',
        PAYMENT_RECONCILE_AFTER_SECONDS: '900',
      });
    }
  });

  it('warns on each function that would call a placeholder endpoint', () => {
    // Prepare: cdk.json gives every required endpoint a placeholder.
    const callsAnEndpoint = definitions
      .filter(([, definition]) => (definition.partners ?? []).some((partner) => partnerDefinitions[partner].settings.some((setting) => setting.required)))
      .map(([key]) => key);

    // Act
    const warned = definitions.filter(([key]) => warningsOn(stack.functions.functions[key]).length > 0).map(([key]) => key);

    // Assess
    expect(warned.sort()).toEqual(callsAnEndpoint.sort());
    expect(warned).toEqual(
      expect.arrayContaining(['cityDelivery', 'portalSync', 'verifyCitizen', 'openPayment', 'paymentConfirmation', 'paymentReconciler']),
    );
    expect(warningsOn(stack.functions.functions.portalSync).join()).toContain('lienthong:portalBaseUrl');
    expect(warningsOn(stack.functions.functions.cityDelivery).join()).toContain('lienthong:cityIntakeUrl');
    expect(warningsOn(stack.functions.functions.verifyCitizen).join()).toContain('lienthong:identityRelayUrl');
    for (const key of ['openPayment', 'paymentConfirmation', 'paymentReconciler'] as const) {
      expect(warningsOn(stack.functions.functions[key]).join()).toContain('lienthong:paygovBaseUrl');
      expect(warningsOn(stack.functions.functions[key]).join()).toContain('lienthong:vnpayPayUrl');
    }
  });

  it('does not warn once the real endpoints are set', () => {
    // Prepare
    const { stack: deployed } = buildApp({ bundle: false, nag: false, cloudFormationValidation: false, context: deployedContext });

    // Act
    const warnings = Object.values(deployed.functions.functions).flatMap(warningsOn);

    // Assess
    expect(warnings).toEqual([]);
  });

  it.each([
    [{ 'lienthong:cityIntakeUrl': '' }, /lienthong:cityIntakeUrl is required by the city partner/],
    [{ 'lienthong:portalBaseUrl': undefined }, /lienthong:portalBaseUrl is required by the portal partner/],
    [{ 'lienthong:cityIntakeUrl': 'http://motcua.city.example/events' }, /lienthong:cityIntakeUrl must be an https URL/],
    [{ 'lienthong:portalBaseUrl': 'lgsp.city.example' }, /lienthong:portalBaseUrl is not a URL/],
    [{ 'lienthong:portalAuthPath': 'auth/login' }, /lienthong:portalAuthPath must start with \//],
    [{ 'lienthong:portalTimeoutMs': '10s' }, /lienthong:portalTimeoutMs must be a whole number/],
    [{ 'lienthong:cityDeliveryRetrySchedule': '5, 30' }, /lienthong:cityDeliveryRetrySchedule must be comma-separated/],
    [{ 'lienthong:portalStatusMap': '{"done":' }, /lienthong:portalStatusMap is not valid JSON/],
    [{ 'lienthong:identityRelayUrl': '' }, /lienthong:identityRelayUrl is required by the identity partner/],
    [{ 'lienthong:paygovBaseUrl': undefined }, /lienthong:paygovBaseUrl is required by the paygov partner/],
    [{ 'lienthong:vnpayPayUrl': 'http://pay.vnpay.example/pay' }, /lienthong:vnpayPayUrl must be an https URL/],
    [{ 'lienthong:identityBreakerErrorPercent': 'half' }, /lienthong:identityBreakerErrorPercent must be a number/],
    [{ 'lienthong:paygovInitPath': 'paygov/init' }, /lienthong:paygovInitPath must start with \//],
  ])('fails the synth, naming the key, for %j', (context, message) => {
    // Act & Assess
    expect(() => buildApp({ bundle: false, nag: false, cloudFormationValidation: false, context })).toThrow(message);
  });

  it('ships a .invalid placeholder in cdk.json for every required setting, so offline synth works and points nowhere real', () => {
    // Prepare
    const required = partnerEntries.flatMap(([, definition]) => definition.settings.filter((setting) => setting.required));

    // Act
    const defaults = required.map((setting) => String(cdkJsonContext[setting.contextKey]));

    // Assess
    expect(required.length).toBeGreaterThan(0);
    for (const value of defaults) expect(new URL(value).hostname.endsWith(placeholderHostSuffix)).toBe(true);
  });
});

describe('partner variable names', () => {
  /** The config module that reads each entry's variables at cold start; a module may serve several. */
  const configModules: Record<string, PartnerKey[]> = {
    'functions/adapters/portal/portal-config.ts': ['portal'],
    'functions/adapters/portal/portal-callback-config.ts': ['portalCallbacks'],
    'functions/adapters/city/city-config.ts': ['city'],
    'functions/adapters/identity/identity-config.ts': ['identity', 'ledgerHmac'],
    'functions/adapters/payment/payment-config.ts': ['paygov', 'vnpay', 'momo'],
  };
  /** Variables only the local twin sets: the secret inline instead of an ARN. */
  const twinOnly = [
    'PORTAL_CREDENTIALS',
    'PORTAL_CALLBACK_SECRETS',
    'CITY_WEBHOOK_SECRET',
    'IDENTITY_RELAY_CREDENTIALS',
    'LEDGER_HMAC_KEY',
    'PAYGOV_CREDENTIALS',
    'VNPAY_CREDENTIALS',
    'MOMO_CREDENTIALS',
  ];

  it('maps every entry of partners.ts to exactly one config module', () => {
    // Act
    const mapped = Object.values(configModules).flat();

    // Assess
    expect(mapped.sort()).toEqual([...partnerKeys].sort());
  });

  it.each(Object.entries(configModules))('matches the variables %s reads, every one of them', (module, keys) => {
    // Prepare
    const source = readFileSync(module, 'utf8');
    const wired = new Set(
      keys.flatMap((key) => [partnerDefinitions[key].secret.arnEnvVar, ...partnerDefinitions[key].settings.map((setting) => setting.envVar)]),
    );

    // Act
    const read = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!).filter((name) => !twinOnly.includes(name));

    // Assess
    expect(read.sort()).toEqual([...wired].sort());
  });
});
