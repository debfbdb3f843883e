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

/** The fingerprint the timeline shows of what `put` sent. */
const hashOfPut = (code: string, version: number, summary: string) => `sha256:${contentHash({ ...DossierSnapshotInput.parse(sampleDossier({ version, summary })), dossierCode: code })}`;

interface VersionEntry {
  kind: string;
  version: number;
  outcome: string;
  reference: string;
  summary: string;
}

async function versionEntries(code: string): Promise<VersionEntry[]> {
  const timeline = await call(url, 'GET', `/v1/ops/dossiers/${code}/timeline`, { key: reader });
  expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
  return (timeline.body.entries as VersionEntry[]).filter((e) => e.kind === 'version-received');
}

describe('version history on the twin', () => {
  it('keeps every version received across more than STATE holds, refused ones and resends included', async () => {
    const code = 'H29-HISTORY-1';
    // Even numbers only, past two moves of the recent list (2 × kept + 2 stored versions).
    const stored = Array.from({ length: 2 * recentVersionsKept + 2 }, (_, i) => 2 * (i + 1));
    for (const version of stored) expect((await put(code, version)).status).toBe(202);
    const latest = stored.at(-1)!;

    expect((await put(code, 3)).status).toBe(409); // older, never seen: recorded as refused
    expect((await put(code, 3)).status).toBe(409); // the same refusal again: one record per number and content
    expect((await put(code, 3, 'lần khác')).status).toBe(409); // the same number, other content: a refusal of its own
    expect((await put(code, 4)).status).toBe(409); // stored before, moved out of STATE, resent: its stored record stays the only one
    expect((await put(code, 4, 'khác')).status).toBe(409); // stored before with other content: refused
    expect((await put(code, latest)).status).toBe(202); // a resend of the stored version
    expect((await put(code, latest, 'khác')).status).toBe(409); // the stored number with other content

    const received = await versionEntries(code);
    const hashOf = (version: number, summary: string) => hashOfPut(code, version, summary);
    const key = (e: VersionEntry) => `${e.version}:${e.reference}:${e.outcome}`;
    expect(received.map(key).sort()).toEqual(
      [
        ...stored.map((v) => `${v}:${hashOf(v, `phiên bản ${v}`)}:ok`),
        `3:${hashOf(3, 'phiên bản 3')}:rejected`,
        `3:${hashOf(3, 'lần khác')}:rejected`,
        `4:${hashOf(4, 'khác')}:rejected`,
        `${latest}:${hashOf(latest, 'khác')}:rejected`,
      ].sort(),
    );
    expect(received.find((e) => e.version === latest && e.outcome === 'rejected')?.summary).toBe(`version ${latest} refused (version ${latest} already stored with other content)`);
    expect(received.find((e) => e.version === 3 && e.reference === hashOf(3, 'lần khác'))?.summary).toBe(`version 3 refused (older than version ${latest})`);
  });

  it('shows each version with the answer it got when many are sent at once', async () => {
    const code = 'H29-HISTORY-RACE';
    for (let version = 1; version <= 7; version++) expect((await put(code, version)).status).toBe(202);
    // 20 versions at once: which are stored depends on the order DynamoDB applies them, not on when each request began.
    const racing = Array.from({ length: 20 }, (_, i) => 8 + i);
    const answers = new Map<number, number>();
    await Promise.all(racing.map(async (version) => answers.set(version, (await put(code, version)).status)));
    // And a resend of one of them with other content: refused whatever was stored.
    const resent = racing[5]!;
    expect((await put(code, resent, 'nội dung khác')).status).toBe(409);

    const received = await versionEntries(code);
    const entriesOf = (version: number, summary: string) => received.filter((e) => e.version === version && e.reference === hashOfPut(code, version, summary));
    expect([...answers.values()]).toContain(202);
    for (const version of racing) {
      const answer = answers.get(version);
      // 202 → stored, 409 → refused; a 503 (the write gave up under contention, nothing stored) is not on the timeline.
      const expected = answer === 202 ? ['ok'] : answer === 409 ? ['rejected'] : [];
      expect(entriesOf(version, `phiên bản ${version}`).map((e) => e.outcome), `version ${version} answered ${answer}`).toEqual(expected);
    }
    for (let version = 1; version <= 7; version++) expect(entriesOf(version, `phiên bản ${version}`).map((e) => e.outcome)).toEqual(['ok']);
    expect(entriesOf(resent, 'nội dung khác').map((e) => e.outcome)).toEqual(['rejected']);
    expect(received).toHaveLength(7 + [...answers.values()].filter((a) => a !== 503).length + 1);
  });
});
