import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { recentVersionsKept } from '../../functions/adapters/dossier/dossier-version-store';
import { contentHash } from '../../functions/core/content-hash';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

/**
 * The operators' timeline shows every version the city sent, once, with its first content:
 * stored versions are recorded by the snapshot's own write (STATE keeps the recent ones and moves
 * them to the history partition when full), refused ones by a write of their own.
 */
let fixture: TwinFixture;
let url: string;
let city: string;
let reader: string;

beforeAll(async () => {
  fixture = await startTestTwin();
  url = fixture.twin.gatewayUrl;
  city = fixture.twin.apiKey;
  reader = await fixture.keyWith('ops:read');
});
afterAll(() => fixture.stop());

const put = (code: string, version: number, summary = `phiên bản ${version}`) => call(url, 'PUT', `/v1/dossiers/${code}`, { key: city, body: sampleDossier({ version, summary }) });

describe('version history on the twin', () => {
  it('keeps every version received across more than STATE holds, refused ones and resends included', async () => {
    const code = 'H29-HISTORY-1';
    // Even numbers only, past two moves of the recent list (2 × kept + 2 stored versions).
    const stored = Array.from({ length: 2 * recentVersionsKept + 2 }, (_, i) => 2 * (i + 1));
    for (const version of stored) expect((await put(code, version)).status).toBe(202);
    const latest = stored.at(-1)!;

    expect((await put(code, 3)).status).toBe(409); // older, never seen: recorded as refused
    expect((await put(code, 3, 'lần khác')).status).toBe(409); // the same number again: the first content stays
    expect((await put(code, 4, 'khác')).status).toBe(409); // stored before, moved out of STATE: no second record
    expect((await put(code, latest)).status).toBe(202); // a resend of the stored version
    expect((await put(code, latest, 'khác')).status).toBe(409); // the stored number with other content

    const timeline = await call(url, 'GET', `/v1/ops/dossiers/${code}/timeline`, { key: reader });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    const received = (timeline.body.entries as { kind: string; version: number; outcome: string; reference: string }[]).filter((e) => e.kind === 'version-received');
    expect(received.map((e) => e.version).sort((a, b) => a - b)).toEqual([...stored, 3].sort((a, b) => a - b));
    expect(received.find((e) => e.version === 3)?.outcome).toBe('rejected');
    expect(received.filter((e) => e.version !== 3).every((e) => e.outcome === 'ok')).toBe(true);
    // Each fingerprint is of the first content received under its number.
    const hashOf = (version: number, summary: string) => `sha256:${contentHash({ ...DossierSnapshotInput.parse(sampleDossier({ version, summary })), dossierCode: code })}`;
    for (const version of [3, 4, latest]) expect(received.find((e) => e.version === version)?.reference).toBe(hashOf(version, `phiên bản ${version}`));
  });
});
