import * as z from '../../../contracts/zod-mini';
import { loadEnv, once } from '../../config/env';
import { envInt } from '../../config/env-number';
import { loadPartnerSecret } from '../partners/partner-secrets';

/** The payment platform and its channels (PARTNERS.md §3). Secrets: Secrets Manager in AWS, inline JSON in the twin. */
const PaymentEnv = z.object({
  PAYGOV_BASE_URL: z.url(),
  PAYGOV_INIT_PATH: z._default(z.string().check(z.startsWith('/')), '/paygov/init'),
  PAYGOV_QUERY_PATH: z._default(z.string().check(z.startsWith('/')), '/paygov/query'),
  PAYGOV_TIMEOUT_MS: envInt(100, 30_000, 10_000),
  PAYGOV_SECRET_ARN: z.optional(z.string()),
  PAYGOV_CREDENTIALS: z.optional(z.string()),
  VNPAY_PAY_URL: z.url(),
  VNPAY_SECRET_ARN: z.optional(z.string()),
  VNPAY_CREDENTIALS: z.optional(z.string()),
  MOMO_SECRET_ARN: z.optional(z.string()),
  MOMO_CREDENTIALS: z.optional(z.string()),
  /** How long a payer has to pay before the payment may expire. */
  PAYMENT_TTL_MINUTES: envInt(1, 7 * 24 * 60, 15),
  /** The reconciler asks PayGov about PENDING payments older than this. */
  PAYMENT_RECONCILE_AFTER_SECONDS: envInt(0, 86_400, 600),
});

export const paymentConfig = once(() => loadEnv(PaymentEnv));

export const PaygovCredentials = /* @__PURE__ */ (() => z.object({ partnerCode: z.string().check(z.minLength(1)), secret: z.string().check(z.minLength(8)) }))();
export const VnpayCredentials = /* @__PURE__ */ (() => z.object({ tmnCode: z.string().check(z.minLength(1)), hashSecret: z.string().check(z.minLength(8)) }))();
export const MomoCredentials = /* @__PURE__ */ (() => z.object({ partnerCode: z.string().check(z.minLength(1)), accessKey: z.string().check(z.minLength(1)), secretKey: z.string().check(z.minLength(8)) }))();

export const paygovCredentials = () =>
  loadPartnerSecret(PaygovCredentials, { secretArn: paymentConfig().PAYGOV_SECRET_ARN, inline: paymentConfig().PAYGOV_CREDENTIALS });
export const vnpayCredentials = () =>
  loadPartnerSecret(VnpayCredentials, { secretArn: paymentConfig().VNPAY_SECRET_ARN, inline: paymentConfig().VNPAY_CREDENTIALS });
export const momoCredentials = () =>
  loadPartnerSecret(MomoCredentials, { secretArn: paymentConfig().MOMO_SECRET_ARN, inline: paymentConfig().MOMO_CREDENTIALS });
