import type { AddressInfo } from 'node:net';
import { closeServer, listen } from '../net';
import { PortalSimulator } from './portal/portal-simulator';

/** Credentials the twin's gateway uses with the simulated portal (never real ones). */
const portalCredentials = { username: 'lienthong-twin', password: 'twin-only-secret' };

export interface RunningSimulators {
  readonly urls: Record<string, string>;
  /** Function environment that points the partner adapters at the simulators. */
  readonly environment: Record<string, string>;
  readonly portal: PortalSimulator;
  readonly stop: () => Promise<void>;
}

export async function startSimulators(ports: { portal?: number }): Promise<RunningSimulators> {
  const portal = new PortalSimulator(portalCredentials);
  await listen(portal.server, ports.portal ?? 0);
  const portalUrl = `http://127.0.0.1:${(portal.server.address() as AddressInfo).port}`;
  return {
    urls: { portal: portalUrl },
    environment: {
      PORTAL_BASE_URL: portalUrl,
      PORTAL_AUTH_PATH: '/auth/login',
      PORTAL_SERVICE_PATH: '/service',
      PORTAL_UNIT_CODE: 'H29',
      PORTAL_CREDENTIALS: JSON.stringify(portalCredentials),
    },
    portal,
    stop: () => closeServer(portal.server),
  };
}
