import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from '../net';
import { CitySimulator } from './city/city-simulator';
import { IdentitySimulator } from './identity/identity-simulator';
import { newPaymentCredentials } from './payment/payment-credentials';
import { PaymentSimulator } from './payment/payment-simulator';
import { PortalSimulator } from './portal/portal-simulator';

/** Credentials the twin's gateway uses with the simulated portal (never real ones). */
const portalCredentials = { username: 'lienthong-twin', password: 'twin-only-secret' };
const identityRelayCredentials = { token: 'twin-relay-token', integrationCode: 'HCM-LGSP-TWIN' };

const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export interface RunningSimulators {
  readonly urls: Record<string, string>;
  /** Function environment that points the partner adapters at the simulators. */
  readonly environment: Record<string, string>;
  readonly portal: PortalSimulator;
  readonly city: CitySimulator;
  readonly identity: IdentitySimulator;
  readonly payment: PaymentSimulator;
  /** Tells the simulators where the gateway listens, once it does (the portal and the payment platform call back). */
  readonly connectGateway: (gatewayUrl: string) => void;
  readonly stop: () => Promise<void>;
}

export async function startSimulators(ports: { portal?: number; city?: number; identity?: number; payment?: number }): Promise<RunningSimulators> {
  // Fresh signing secrets per start: the twin's partners and gateway share them in memory only.
  const portalCallbackSecret = newWebhookSecret();
  const citySecret = newWebhookSecret();
  const paymentCredentials = newPaymentCredentials();

  const portal = new PortalSimulator(portalCredentials);
  const city = new CitySimulator(citySecret);
  const identity = new IdentitySimulator(identityRelayCredentials);
  const payment = new PaymentSimulator(paymentCredentials);
  await listen(portal.server, ports.portal ?? 0);
  await listen(city.server, ports.city ?? 0);
  await listen(identity.server, ports.identity ?? 0);
  await listen(payment.server, ports.payment ?? 0);
  const urlOf = (server: PortalSimulator['server']) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const portalUrl = urlOf(portal.server);
  const cityUrl = urlOf(city.server);
  const identityUrl = urlOf(identity.server);
  const paymentUrl = urlOf(payment.server);

  return {
    urls: { portal: portalUrl, city: cityUrl, identity: identityUrl, payment: paymentUrl },
    environment: {
      PORTAL_BASE_URL: portalUrl,
      PORTAL_AUTH_PATH: '/auth/login',
      PORTAL_SERVICE_PATH: '/service',
      PORTAL_UNIT_CODE: 'H29',
      PORTAL_CREDENTIALS: JSON.stringify(portalCredentials),
      PORTAL_CALLBACK_SECRETS: JSON.stringify([portalCallbackSecret]),
      CITY_INTAKE_URL: `${cityUrl}/intake`,
      CITY_WEBHOOK_SECRET: citySecret,
      IDENTITY_RELAY_URL: `${identityUrl}/lookup`,
      IDENTITY_RELAY_CREDENTIALS: JSON.stringify(identityRelayCredentials),
      PAYGOV_BASE_URL: paymentUrl,
      PAYGOV_INIT_PATH: '/paygov/init',
      PAYGOV_QUERY_PATH: '/paygov/query',
      PAYGOV_CREDENTIALS: JSON.stringify(paymentCredentials.paygov),
      // The gateway builds and signs VNPay's payment URL itself; the simulator stands at its address.
      VNPAY_PAY_URL: `${paymentUrl}/vnpay/pay`,
      VNPAY_CREDENTIALS: JSON.stringify(paymentCredentials.vnpay),
      MOMO_CREDENTIALS: JSON.stringify(paymentCredentials.momo),
      // The twin's own key for hashing ID numbers in the ledger; AWS keeps it in Secrets Manager.
      LEDGER_HMAC_KEY: 'twin-ledger-hmac-key-not-for-production',
    },
    portal,
    city,
    identity,
    payment,
    connectGateway: (gatewayUrl) => {
      portal.callbacks.configure({ url: `${gatewayUrl}/v1/portal/callbacks`, secret: portalCallbackSecret });
      payment.confirmations.configure(gatewayUrl);
    },
    stop: async () => {
      await closeServer(portal.server);
      await closeServer(city.server);
      await closeServer(identity.server);
      await closeServer(payment.server);
    },
  };
}
