import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { PartnerGate } from '../../functions/core/partners/partner-gate';
import type { PartnerGatePorts } from '../../functions/core/partners/partner-gate';
import type { PartnerHealth } from '../../functions/core/partners/partner-health';
import { containerPace, healthyPartner } from '../../functions/core/partners/partner-health';
import { toPortalDossier } from '../../functions/translate/portal-dossier';
import { toPortalStep } from '../../functions/translate/portal-steps';
import { PortalSimulator } from '../../infra/local/simulators/portal/portal-simulator';
import { sampleDossier } from '../../infra/local/sample-dossier';

/**
 * The drain's 429s (bench: 3 of 45 portal calls after a 1-minute outage) came from pacing
 * operations while the partner counts requests, at exactly the partner's quota. These tests pin
 * the two rules without timing: every request of a portal call waits for a slot (a login and a
 * retry inside one operation included), and the pace aims below the quota by default.
 */
const credentials = { username: 'pace-test', password: 'pace-secret' };
const dynamo = mockClient(DynamoDBDocumentClient);
const simulator = new PortalSimulator(credentials);
let portalUrl: string;
let client: typeof import('../../functions/adapters/portal/portal-client');
let recovery: typeof import('../../functions/config/partner-recovery-config');

beforeAll(async () => {
  await new Promise<void>((resolve) => simulator.server.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(simulator.server.address() as AddressInfo).port}`;
  Object.assign(process.env, { PORTAL_BASE_URL: portalUrl, PORTAL_CREDENTIALS: JSON.stringify(credentials), LEDGER_TABLE: 'ledger' });
  client = await import('../../functions/adapters/portal/portal-client');
  recovery = await import('../../functions/config/partner-recovery-config');
});
afterAll(() => new Promise<void>((resolve) => simulator.server.close(() => resolve())));
beforeEach(() => {
  dynamo.reset();
  dynamo.on(PutCommand).resolves({});
});

const snapshot = { ...DossierSnapshotInput.parse(sampleDossier({ version: 1 })), dossierCode: 'H29-PACE-1' };
const payload = toPortalDossier(snapshot, defaultPortalStatusMap);
const requestsSeen = () => simulator.faults.counters.calls;

describe('every request to the portal takes a pace slot', () => {
  it('counts the login, the presence retry and the re-login after an expired session', async () => {
    let slots = 0;
    const context = { messageId: 'm1', dossierCode: snapshot.dossierCode, beforeRequest: async () => void slots++ };
    const before = requestsSeen();

    // A fresh container: login, then DongBoHoSoMC.
    await client.pushDossier(payload, false, context);
    expect(requestsSeen() - before).toBe(2);
    expect(slots).toBe(2);

    // The gateway believes the portal lacks it: "already exists" (409), then the same payload as an update.
    await client.pushDossier(payload, false, context);
    expect(requestsSeen() - before).toBe(4);
    expect(slots).toBe(4);

    // The session expired: the refused call, a new login, the call again.
    const response = await fetch(`${portalUrl}/_faults`, { method: 'POST', body: JSON.stringify({ expireSessions: true }) });
    expect(response.status).toBe(200);
    const step = toPortalStep(snapshot.dossierCode, snapshot.history[0]!, defaultPortalStatusMap);
    await client.pushSteps([step], context);
    expect(requestsSeen() - before).toBe(7);
    expect(slots).toBe(7);
  });
});

/** One container's gate on a shared record, with a clock that only moves when the gate sleeps. */
function virtualGate(record: PartnerHealth, settings: ReturnType<typeof import('../../functions/config/partner-recovery-config').recoverySettingsFromEnv>) {
  let clock = Date.parse('2026-11-30T00:00:00Z');
  const refuse = async () => false;
  const ports: PartnerGatePorts = {
    read: async () => record,
    recordUnavailable: async () => 0,
    resetFailureStreak: async () => undefined,
    declareDown: refuse,
    claimProbe: refuse,
    declareUp: refuse,
    finishRelease: async () => undefined,
    changePace: refuse,
    scheduleProbe: async () => undefined,
    settings,
    now: () => new Date(clock),
    sleep: async (ms) => void (clock += ms),
  };
  return { gate: new PartnerGate('portal', ports), now: () => clock };
}

describe('the pace aims below the partner quota', () => {
  it('defaults the ceiling to 80 % of the quota, and an explicit ceiling wins', () => {
    const saved = { ...process.env };
    try {
      process.env.PORTAL_QUOTA_PER_SECOND = '10';
      process.env.PORTAL_PACE_CONTAINERS = '2';
      delete process.env.PORTAL_PACE_MAX_PER_SECOND;
      delete process.env.PARTNER_PACE_HEADROOM;
      expect(recovery.recoverySettingsFromEnv('portal').paceCeilingPerSecond).toBe(8);
      process.env.PARTNER_PACE_HEADROOM = '0.5';
      expect(recovery.recoverySettingsFromEnv('portal').paceCeilingPerSecond).toBe(5);
      process.env.PORTAL_PACE_MAX_PER_SECOND = '9';
      expect(recovery.recoverySettingsFromEnv('portal').paceCeilingPerSecond).toBe(9);
    } finally {
      process.env = saved;
    }
  });

  it('spaces the requests of multi-request operations, so all containers together stay under the quota in every second', async () => {
    const saved = { ...process.env };
    let settings: ReturnType<typeof recovery.recoverySettingsFromEnv>;
    try {
      Object.assign(process.env, { PORTAL_QUOTA_PER_SECOND: '10', PORTAL_PACE_CONTAINERS: '2' });
      delete process.env.PORTAL_PACE_MAX_PER_SECOND;
      delete process.env.PARTNER_PACE_HEADROOM;
      settings = recovery.recoverySettingsFromEnv('portal');
    } finally {
      process.env = saved;
    }
    const { gate, now } = virtualGate(healthyPartner('portal'), settings);
    const sent: number[] = [];
    // An operation of a login and a service call, observed (its outcome reported) but paced per request.
    const operation = gate.observe(
      async () => {
        for (let request = 0; request < 2; request++) {
          await gate.pace();
          sent.push(now());
        }
      },
      () => 'answered' as const,
    );
    for (let i = 0; i < 20; i++) await operation();

    expect(sent).toHaveLength(40);
    // This container's share: 8/s shared by 2 containers = one request per 250 ms.
    expect(containerPace(healthyPartner('portal'), settings)).toBe(4);
    const gaps = sent.slice(1).map((at, i) => at - sent[i]!);
    expect(Math.min(...gaps)).toBe(250);
    // Any rolling second holds at most 4 of this container's requests: 8 for both, 2 under the quota of 10.
    const most = Math.max(...sent.map((at) => sent.filter((other) => other > at - 1000 && other <= at).length));
    expect(most * settings.containers).toBeLessThanOrEqual(8);
  });
});
