import * as z from 'zod';
import { loadEnv, once } from '../../config/env';
import { loadPartnerSecret } from '../partner-secrets';

/** The payment platform and its channels (PARTNERS.md §3). Secrets: Secrets Manager in AWS, inline JSON in the twin. */
const PaymentEnv = z.object({
  PAYGOV_BASE_URL: z.url(),
  PAYGOV_INIT_PATH: z.string().startsWith('/').default('/paygov/init'),
  PAYGOV_QUERY_PATH: z.string().startsWith('/').default('/paygov/query'),
  PAYGOV_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  PAYGOV_SECRET_ARN: z.string().optional(),
  PAYGOV_CREDENTIALS: z.string().optional(),
  VNPAY_PAY_URL: z.url(),
  VNPAY_SECRET_ARN: z.string().optional(),
  VNPAY_CREDENTIALS: z.string().optional(),
  MOMO_SECRET_ARN: z.string().optional(),
  MOMO_CREDENTIALS: z.string().optional(),
  /** How long a payer has to pay before the payment may expire. */
  PAYMENT_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(15),
  /** The reconciler asks PayGov about PENDING payments older than this. */
  PAYMENT_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
});

export const paymentConfig = once(() => loadEnv(PaymentEnv));

export const PaygovCredentials = z.object({ partnerCode: z.string().min(1), secret: z.string().min(8) });
export const VnpayCredentials = z.object({ tmnCode: z.string().min(1), hashSecret: z.string().min(8) });
export const MomoCredentials = z.object({ partnerCode: z.string().min(1), accessKey: z.string().min(1), secretKey: z.string().min(8) });

export const paygovCredentials = () =>
  loadPartnerSecret(PaygovCredentials, { secretArn: paymentConfig().PAYGOV_SECRET_ARN, inline: paymentConfig().PAYGOV_CREDENTIALS });
export const vnpayCredentials = () =>
  loadPartnerSecret(VnpayCredentials, { secretArn: paymentConfig().VNPAY_SECRET_ARN, inline: paymentConfig().VNPAY_CREDENTIALS });
export const momoCredentials = () =>
  loadPartnerSecret(MomoCredentials, { secretArn: paymentConfig().MOMO_SECRET_ARN, inline: paymentConfig().MOMO_CREDENTIALS });
