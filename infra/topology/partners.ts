/**
 * The partners the gateway calls or hears from, and what a function needs to reach each one: the
 * secret (stored in Secrets Manager, read at run time) and the non-secret settings (CDK context →
 * environment). Plain data only: the CDK stack wires it, and Lambda code may import the names.
 * The variable names are those the config modules in functions/adapters/ read.
 */

/** A value set per deployment with `cdk deploy -c <contextKey>=<value>` (or in cdk.json). */
export interface PartnerSetting {
  readonly envVar: string;
  readonly contextKey: string;
  /** Checked at synth so a typo fails before deployment rather than at the function's cold start. */
  readonly format: 'url' | 'path' | 'integer' | 'csvIntegers' | 'json' | 'text';
  /** Required settings have no default in the function; optional ones fall back to it when unset. */
  readonly required: boolean;
  readonly description: string;
}

export interface PartnerSecretDefinition {
  /** The variable through which a function learns the secret's ARN. */
  readonly arnEnvVar: string;
  /** What an operator must store as the secret string; also the secret's description in AWS. */
  readonly shape: string;
  /** How the value changes without an outage; partners issue these, so rotation is a procedure, not a Lambda. */
  readonly rotation: string;
}

export interface PartnerDefinition {
  readonly description: string;
  readonly secret: PartnerSecretDefinition;
  readonly settings: readonly PartnerSetting[];
}

/**
 * Shared by the portal client and the portal-callback intake, under one context key, so the
 * status codes the gateway sends and the ones it reads back can never disagree.
 */
const portalStatusMap: PartnerSetting = {
  envVar: 'PORTAL_STATUS_MAP',
  contextKey: 'lienthong:portalStatusMap',
  format: 'json',
  required: false,
  description: 'Overrides of the gateway status → portal TrangThaiHoSo code map, as a JSON object',
};

/**
 * Hostnames under `.invalid` (RFC 2606) can never resolve, so cdk.json's offline defaults use it:
 * synth works without real endpoints, and a deployment that forgot to set one fails visibly.
 */
export const placeholderHostSuffix = '.invalid';

export const partners = {
  portal: {
    description: "The national public-service portal, reached through the city's LGSP",
    secret: {
      arnEnvVar: 'PORTAL_CREDENTIALS_SECRET_ARN',
      shape: 'JSON object {"username": "...", "password": "..."}: the LGSP account issued to the city for the national portal',
      rotation:
        'The LGSP operator issues the account; change the password there, then put the new value here. The functions cache ' +
        'secrets for five minutes, and a refused login is retried with backoff, so the switch needs no deployment.',
    },
    settings: [
      {
        envVar: 'PORTAL_BASE_URL',
        contextKey: 'lienthong:portalBaseUrl',
        format: 'url',
        required: true,
        description: 'Base URL of the LGSP endpoint in front of the national portal',
      },
      {
        envVar: 'PORTAL_AUTH_PATH',
        contextKey: 'lienthong:portalAuthPath',
        format: 'path',
        required: false,
        description: 'Login path (default /auth/login)',
      },
      {
        envVar: 'PORTAL_SERVICE_PATH',
        contextKey: 'lienthong:portalServicePath',
        format: 'path',
        required: false,
        description: 'Service path (default /service)',
      },
      {
        envVar: 'PORTAL_UNIT_CODE',
        contextKey: 'lienthong:portalUnitCode',
        format: 'text',
        required: false,
        description: "madonvi, the city's unit code at the portal (default H29)",
      },
      {
        envVar: 'PORTAL_TIMEOUT_MS',
        contextKey: 'lienthong:portalTimeoutMs',
        format: 'integer',
        required: false,
        description: 'Per-call timeout in milliseconds (default 10000)',
      },
      portalStatusMap,
    ],
  },
  portalCallbacks: {
    description: 'Status callbacks the national portal sends to the gateway, signed with Standard Webhooks',
    secret: {
      arnEnvVar: 'PORTAL_CALLBACK_SECRETS_ARN',
      shape: 'JSON array of Standard Webhooks secrets ["whsec_..."]: every secret the portal may currently sign callbacks with',
      rotation:
        'The portal issues the signing secret. Add the new one to the array, let the portal switch, then remove the old one: ' +
        'a callback signed with any listed secret is accepted, so no callback is refused during the overlap.',
    },
    settings: [portalStatusMap],
  },
  city: {
    description: 'The city dossier system that takes the events the gateway delivers, signed with Standard Webhooks',
    secret: {
      arnEnvVar: 'CITY_WEBHOOK_SECRET_ARN',
      shape: 'JSON string "whsec_...": the Standard Webhooks secret the gateway signs deliveries to the city with',
      rotation:
        'The secret is agreed with the city. The city first accepts both the old and the new secret, the new value is put ' +
        'here, and after five minutes (the functions cache secrets that long) the city drops the old one. In another order ' +
        'the city refuses deliveries with a 4xx, which are dead-lettered and must be redriven.',
    },
    settings: [
      {
        envVar: 'CITY_INTAKE_URL',
        contextKey: 'lienthong:cityIntakeUrl',
        format: 'url',
        required: true,
        description: 'URL the city dossier system takes delivered events at',
      },
      {
        envVar: 'CITY_DELIVERY_TIMEOUT_MS',
        contextKey: 'lienthong:cityDeliveryTimeoutMs',
        format: 'integer',
        required: false,
        description: 'Per-delivery timeout in milliseconds (default 10000)',
      },
      {
        envVar: 'CITY_DELIVERY_RETRY_SCHEDULE',
        contextKey: 'lienthong:cityDeliveryRetrySchedule',
        format: 'csvIntegers',
        required: false,
        description: 'Comma-separated delays in seconds before each retry (default: about three days)',
      },
    ],
  },
} as const satisfies Record<string, PartnerDefinition>;

export type PartnerKey = keyof typeof partners;

/** The same table, typed by the interface so every entry reads alike. */
export const partnerDefinitions: Readonly<Record<PartnerKey, PartnerDefinition>> = partners;
