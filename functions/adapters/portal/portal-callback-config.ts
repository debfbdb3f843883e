import * as z from '../../../contracts/zod-mini';
import { portalStatusMap } from '../../../contracts/portal/status-mapping';
import { loadEnv, once } from '../../config/env';
import { loadPartnerSecret } from '../partners/partner-secrets';

/** Active Standard Webhooks secrets of the portal: more than one while a rotation is under way. */
const SecretList = /* @__PURE__ */ (() => z.array(z.string().check(z.startsWith('whsec_'))).check(z.minLength(1)))();

const CallbackEnv = z.object({
  /** AWS: a Secrets Manager secret holding a JSON array of `whsec_…` secrets. */
  PORTAL_CALLBACK_SECRETS_ARN: z.optional(z.string()),
  /** Twin: the same JSON array inline. */
  PORTAL_CALLBACK_SECRETS: z.optional(z.string()),
  PORTAL_STATUS_MAP: z.optional(z.string()),
});

const env = once(() => {
  const values = loadEnv(CallbackEnv);
  if (!values.PORTAL_CALLBACK_SECRETS_ARN && !values.PORTAL_CALLBACK_SECRETS) {
    throw new Error('invalid configuration: set PORTAL_CALLBACK_SECRETS_ARN (AWS) or PORTAL_CALLBACK_SECRETS (twin)');
  }
  return values;
});

export const portalCallbackSecrets = () =>
  loadPartnerSecret(SecretList, { secretArn: env().PORTAL_CALLBACK_SECRETS_ARN, inline: env().PORTAL_CALLBACK_SECRETS });

export const callbackStatusMap = once(() => portalStatusMap(env().PORTAL_STATUS_MAP));
