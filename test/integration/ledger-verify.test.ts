import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { execFile } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerPartner, LedgerRecord } from '../../functions/core/ledger/ledger-record';
import type { Anchor } from '../../functions/core/ledger/ledger-seal';
import type { LedgerFinding, VerifyReport } from '../../functions/core/ledger/ledger-verify';
import { sealTiming } from '../../functions/core/ledger/ledger-seal';
import { ledgerLateBoundSeconds } from '../../infra/topology/ledger-late-bound';
import { recentLedgerRecords } from '../support/ledger';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

/** Waits until the clock is in a later whole second: a seal covers only whole seconds before its start. */
async function nextWholeSecond(): Promise<void> {
  const second = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) <= second) await new Promise((resolve) => setTimeout(resolve, 25));
}


/**
 * Someone with write access to the table (or to the twin's anchor folder) edits the ledger;
 * `ledger verify` must name each kind of change and where it is. The twin seals with no grace,
 * so a test can seal what it just wrote.
 */
const run = promisify(execFile);
let fixture: TwinFixture;

beforeAll(async () => {
  fixture = await startTestTwin({ functionEnvironment: { LEDGER_SEAL_GRACE_SECONDS: '0' } });
});
afterAll(() => fixture.stop());

const store = () => import('../../functions/adapters/ledger/ledger-store');
const table = () => process.env.LEDGER_TABLE!;

async function write(partner: LedgerPartner, count: number, tag: string): Promise<LedgerRecord[]> {
  const { appendLedger } = await store();
  const written: LedgerRecord[] = [];
  for (let i = 0; i < count; i++) {
    written.push(
      (await appendLedger({ partner, direction: 'outbound', operation: 'test', messageId: `${tag}-${i}`, requestHash: 'cd'.repeat(32), outcome: 'ok', durationMs: i, at: new Date().toISOString() }))!,
    );
  }
  return written;
}

/** Seals once every record written so far is behind the sealable second. */
async function sealAll(): Promise<unknown> {
  const target = Math.floor(Date.now() / 1000) * 1000 + 1000;
  while (Date.now() < target + 5) await new Promise((resolve) => setTimeout(resolve, 50));
  return fixture.twin.runSchedule('ledgerSealer');
}

async function verifyReport(partner: LedgerPartner): Promise<VerifyReport> {
  const { verifyLedger } = await import('../../functions/adapters/ledger/ledger-audit');
  const { folderAnchorStore } = await import('../../functions/adapters/ledger/ledger-anchor-store');
  const [report] = await verifyLedger({
    partners: [partner],
    publicKeyPem: readFileSync(fixture.twin.ledgerPublicKeyFile, 'utf8'),
    anchors: folderAnchorStore(fixture.twin.ledgerAnchorDir),
    lateBoundSeconds: ledgerLateBoundSeconds(),
  });
  return report!;
}

async function verify(partner: LedgerPartner): Promise<LedgerFinding[]> {
  return (await verifyReport(partner)).findings;
}

const summary = (findings: LedgerFinding[]) => findings.map((f) => `${f.kind}@${f.position.seq ?? '-'}/${f.position.leaf ?? '-'}`).sort();

async function documentClient() {
  return (await import('../../functions/adapters/aws/dynamodb-client')).documentClient();
}

describe('ledger verify finds every kind of change to the table', () => {
  it('verifies a sealed ledger, then reports each rewrite, deletion, insertion, reordering and truncation with its position', async () => {
    const { ledgerItemKey } = await store();
    const trees = [await write('city', 8, 'a')];
    await sealAll();
    trees.push(await write('city', 8, 'b'));
    await sealAll();
    trees.push(await write('city', 8, 'c'));
    await sealAll();
    expect(await verify('city')).toEqual([]);

    const client = await documentClient();
    const put = (record: LedgerRecord) => client.send(new PutCommand({ TableName: table(), Item: { ...ledgerItemKey(record), ...record } }));
    // Rewritten: tree 1, leaf 2 — an outcome changed, as one would to hide a failure.
    await put({ ...trees[0]![2]!, outcome: 'rejected' });
    // Deleted: tree 1, leaf 5.
    await client.send(new DeleteCommand({ TableName: table(), Key: ledgerItemKey(trees[0]![5]!) }));
    // Reordered: tree 2, leaves 3 and 4 swap contents (each key now holds the other's record).
    const [b3, b4] = [trees[1]![3]!, trees[1]![4]!];
    await client.send(new PutCommand({ TableName: table(), Item: { ...ledgerItemKey(b3), ...b4 } }));
    await client.send(new PutCommand({ TableName: table(), Item: { ...ledgerItemKey(b4), ...b3 } }));
    // Inserted: a record back-dated into a sealed period, further back than the late window (a
    // record inside it could be a genuine late write, which the next run seals).
    const inserted: LedgerRecord = {
      ...trees[1]![6]!,
      recordId: '00000000-0000-4000-8000-000000000000',
      messageId: 'inserted',
      writtenAt: new Date(Date.now() - 20 * 60_000).toISOString(),
    };
    await put(inserted);
    // Truncated: the last three records of tree 3.
    for (const record of trees[2]!.slice(5)) await client.send(new DeleteCommand({ TableName: table(), Key: ledgerItemKey(record) }));

    const findings = await verify('city');
    expect(summary(findings)).toEqual(['deleted@1/5', 'inserted@1/0', 'reordered@2/3', 'reordered@2/4', 'rewritten@1/2', 'truncated@3/5'].sort());
    expect(findings.find((f) => f.kind === 'truncated')!.detail).toContain('last 3');
    expect(findings.find((f) => f.kind === 'inserted')!.position.key).toContain('00000000-0000-4000-8000-000000000000');
  });

  it('reports edits to the anchor files: a leaf, a head, a removed newest anchor', async () => {
    await write('payment', 4, 'p1');
    await sealAll();
    await write('payment', 4, 'p2');
    await sealAll();
    await write('payment', 4, 'p3');
    await sealAll();
    expect(await verify('payment')).toEqual([]);

    const file = (seq: number) => path.join(fixture.twin.ledgerAnchorDir, 'payment', `${String(seq).padStart(10, '0')}.json`);
    const edit = (seq: number, change: (anchor: Anchor) => Anchor) => {
      chmodSync(file(seq), 0o644);
      writeFileSync(file(seq), JSON.stringify(change(JSON.parse(readFileSync(file(seq), 'utf8')) as Anchor)));
    };
    // A leaf hash replaced (to make a rewritten record look sealed): the leaves no longer make the signed root.
    edit(1, (a) => ({ ...a, leaves: a.leaves.map(([k, h], i) => [k, i === 0 ? 'ff'.repeat(32) : h] as const) }));
    // A head field changed: the signature no longer verifies.
    edit(2, (a) => ({ ...a, head: { ...a.head, sealedAt: '2020-01-01T00:00:00.000Z' } }));
    unlinkSync(file(3));

    const findings = await verify('payment');
    expect(summary(findings)).toEqual(expect.arrayContaining(['anchor-edited@1/-', 'anchor-edited@2/-', 'anchor-missing@3/-']));
    expect(findings.find((f) => f.kind === 'anchor-edited' && f.position.seq === 2)!.detail).toContain('signature');
    expect(findings.find((f) => f.kind === 'anchor-edited' && f.position.seq === 1)!.detail).toContain('root');
  });
});

describe('sealing', () => {
  it('seals a record that lands after its time was sealed into the next tree', async () => {
    await write('identity', 3, 'on-time');
    await sealAll();
    const { ledgerItemKey } = await store();
    // A write delayed past the sealing of its second (a paused container): its writtenAt is already sealed.
    const [late] = await write('identity', 1, 'late');
    const client = await documentClient();
    await client.send(new DeleteCommand({ TableName: table(), Key: ledgerItemKey(late!) }));
    const backdated = { ...late!, writtenAt: new Date(Date.now() - 5_000).toISOString() };
    await client.send(new PutCommand({ TableName: table(), Item: { ...ledgerItemKey(backdated), ...backdated } }));
    const outcome = (await sealAll()) as { outcomes: { partner: string; sealed: number; late: number }[] };
    expect(outcome.outcomes.find((o) => o.partner === 'identity')).toMatchObject({ sealed: 1, late: 1 });
    // A genuine late write: listed as sealed late (a warning, with its position), not a finding.
    const report = await verifyReport('identity');
    expect(report.findings).toEqual([]);
    const warned = report.sealedLate.filter((l) => l.position.key === `${backdated.writtenAt}#${backdated.recordId}`);
    expect(warned).toHaveLength(1);
    expect(warned[0]!.writtenAt).toBe(backdated.writtenAt);
    expect(warned[0]!.position.leaf).toBe(0);
    expect(warned[0]!.lateSeconds).toBeGreaterThan(0);
    expect(warned[0]!.lateSeconds).toBeLessThanOrEqual(ledgerLateBoundSeconds());
  });

  it('reports a record back-dated into a sealed period, beyond what a genuine write can take, as inserted-late', async () => {
    const { ledgerItemKey } = await store();
    const { readSealState } = await import('../../functions/adapters/ledger/ledger-seal-store');
    const state = (await readSealState('identity'))!;
    const [copied] = await recentLedgerRecords('identity');
    // Between the bound and the late window: the sealer still picks it up as a late record.
    const bound = ledgerLateBoundSeconds();
    expect(bound).toBeLessThan(sealTiming.lateWindowSeconds);
    const depth = Math.round((bound + sealTiming.lateWindowSeconds) / 2);
    const inserted: LedgerRecord = {
      ...copied!,
      recordId: '00000000-0000-4000-8000-00000000late',
      messageId: 'inserted-late',
      writtenAt: new Date(Date.parse(state.through) - depth * 1000).toISOString(),
    };
    const client = await documentClient();
    await client.send(new PutCommand({ TableName: table(), Item: { ...ledgerItemKey(inserted), ...inserted } }));
    const outcome = (await sealAll()) as { outcomes: { partner: string; sealed: number; late: number; seq?: number }[] };
    expect(outcome.outcomes.find((o) => o.partner === 'identity')).toMatchObject({ sealed: 1, late: 1, seq: state.seq + 1 });

    const report = await verifyReport('identity');
    const key = `${inserted.writtenAt}#${inserted.recordId}`;
    expect(report.findings.map((f) => ({ kind: f.kind, position: f.position }))).toEqual([{ kind: 'inserted-late', position: { seq: state.seq + 1, leaf: 0, key } }]);
    expect(report.sealedLate.find((l) => l.position.key === key)).toMatchObject({ writtenAt: inserted.writtenAt, treeFrom: state.through, lateSeconds: depth });
  });

  it('is one sealer at a time and idempotent: concurrent runs seal each record once', async () => {
    await write('portal', 5, 'twice');
    await nextWholeSecond();
    await Promise.all([fixture.twin.runSchedule('ledgerSealer'), fixture.twin.runSchedule('ledgerSealer'), fixture.twin.runSchedule('ledgerSealer')]);
    await sealAll();
    const dir = path.join(fixture.twin.ledgerAnchorDir, 'portal');
    const keys = readdirSync(dir).flatMap((name) => (JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Anchor).leaves.map(([key]) => key));
    expect(new Set(keys).size).toBe(keys.length);
    expect((await recentLedgerRecords('portal')).every((r) => keys.includes(`${r.writtenAt}#${r.recordId}`))).toBe(true);
    expect(await verify('portal')).toEqual([]);
  });

  it('adopts a tree a crashed sealer wrote but did not record', async () => {
    const { sealPartner } = await import('../../functions/core/ledger/ledger-sealer');
    const { readLedgerRecords } = await store();
    const seal = await import('../../functions/adapters/ledger/ledger-seal-store');
    const { folderAnchorStore } = await import('../../functions/adapters/ledger/ledger-anchor-store');
    const { fileSigner } = await import('../../functions/adapters/ledger/ledger-signer');
    const anchors = folderAnchorStore(fixture.twin.ledgerAnchorDir);
    const ports = {
      readRecords: readLedgerRecords,
      readState: seal.readSealState,
      saveState: seal.saveSealState,
      putAnchor: anchors.putOnce,
      getAnchor: anchors.get,
      signer: async () => fileSigner(process.env.LEDGER_SIGNING_KEY_FILE!),
      now: () => new Date(),
      graceSeconds: 0,
    };
    await write('portal', 2, 'crash');
    await nextWholeSecond();
    await expect(sealPartner('portal', { ...ports, saveState: async () => Promise.reject(new Error('crashed')) })).rejects.toThrow('crashed');
    const again = await sealPartner('portal', ports);
    expect(again.adopted).toBe(true);
    expect(await verify('portal')).toEqual([]);
  });
});

describe('ops CLI and inclusion proofs', () => {
  const ops = (...args: string[]) =>
    run('npx', ['tsx', 'infra/cli/ops.ts', ...args, '--data-dir', fixture.dataDir], { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN' } }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );

  it('reports a tampered ledger with exit code 1 and every finding', async () => {
    const result = await ops('ledger', 'verify', '--partner', 'city');
    expect(result.code).toBe(1);
    for (const kind of ['REWRITTEN', 'DELETED', 'INSERTED', 'REORDERED', 'TRUNCATED']) expect(result.stdout).toContain(kind);
    expect(result.stdout).toContain('tree 1 leaf 2');
  });

  it('answers the same verification from GET /v1/ops/ledger/verify for a day, one partner or all, read-only, refusing bad input by field', async () => {
    // Prepare
    const reader = await fixture.keyWith('ops:read');
    const writer = await fixture.keyWith('ops:write');
    const day = new Date().toISOString().slice(0, 10);
    const get = (query: string, key = reader) => call(fixture.twin.gatewayUrl, 'GET', `/v1/ops/ledger/verify${query ? `?${query}` : ''}`, { key });
    const { verifyLedger } = await import('../../functions/adapters/ledger/ledger-audit');
    const { folderAnchorStore } = await import('../../functions/adapters/ledger/ledger-anchor-store');
    const from = `${day}T00:00:00.000Z`;
    const to = new Date(Date.parse(from) + 86_400_000).toISOString();

    // Act
    const tampered = await get(`partner=city&day=${day}`);
    const [expected] = await verifyLedger({
      partners: ['city'],
      from,
      to,
      publicKeyPem: readFileSync(fixture.twin.ledgerPublicKeyFile, 'utf8'),
      anchors: folderAnchorStore(fixture.twin.ledgerAnchorDir),
      lateBoundSeconds: ledgerLateBoundSeconds(),
    });
    const untouched = await get(`partner=portal&day=${day}`);
    const everyPartnerToday = await get('');
    const badDay = await get('partner=city&day=2026-13-01');
    const badPartner = await get(`partner=nobody&day=${day}`);
    const unknownParameter = await get(`partner=city&days=${day}`);
    const wrongScope = await get(`partner=city&day=${day}`, writer);
    const tomorrow = await get(`day=${to.slice(0, 10)}`);
    const farFuture = await get('partner=portal&day=2099-01-01');
    const yearZero = await get('partner=portal&day=0000-01-01');

    // Assess
    expect(tampered.status, tampered.text).toBe(200);
    expect(tampered.body).toMatchObject({ day, from, to, intact: false, lateBoundSeconds: ledgerLateBoundSeconds() });
    const [city] = tampered.body.partners;
    expect(tampered.body.partners).toHaveLength(1);
    expect(city).toMatchObject({ partner: 'city', intact: false, anchors: expected!.anchors, sealedChecked: expected!.sealedChecked });
    expect(city.findings.map((f: { kind: string; position: { seq: number | null; leaf: number | null } }) => `${f.kind}@${f.position.seq ?? '-'}/${f.position.leaf ?? '-'}`).sort()).toEqual(summary(expected!.findings));
    expect(city.findings.map((f: { kind: string }) => f.kind)).toEqual(expect.arrayContaining(['rewritten', 'deleted', 'reordered', 'truncated']));
    expect(untouched.status).toBe(200);
    expect(untouched.body).toMatchObject({ intact: true, partners: [{ partner: 'portal', intact: true, findings: [] }] });
    expect(untouched.body.partners[0].sealedChecked).toBeGreaterThanOrEqual(7);
    expect(everyPartnerToday.status).toBe(200);
    expect(everyPartnerToday.body).toMatchObject({ day, intact: false });
    expect(everyPartnerToday.body.partners.map((p: { partner: string }) => p.partner)).toEqual(['portal', 'identity', 'payment', 'city', 'operator']);
    expect(badDay.status).toBe(422);
    expect(badDay.body.errors[0]).toMatchObject({ location: 'query', path: '/day' });
    expect(badPartner.status).toBe(422);
    expect(badPartner.body.errors[0]).toMatchObject({ location: 'query', path: '/partner' });
    expect(unknownParameter.status).toBe(422);
    expect(wrongScope.status).toBe(403);
    // A day still to come is refused; a day with no records says nothing of it was sealed (the
    // chain itself is still checked: `anchors` counts the whole chain, not the day's trees).
    expect(untouched.body).toMatchObject({ nothingSealed: false, partners: [{ nothingSealed: false }] });
    for (const future of [tomorrow, farFuture]) {
      expect(future.status, future.text).toBe(422);
      expect(future.body.errors).toEqual([expect.objectContaining({ location: 'query', path: '/day' })]);
    }
    expect(yearZero.status, yearZero.text).toBe(200);
    expect(yearZero.body).toMatchObject({ day: '0000-01-01', intact: true, nothingSealed: true, partners: [{ partner: 'portal', intact: true, nothingSealed: true, sealedChecked: 0, unsealed: 0 }] });
    expect(yearZero.body.partners[0].anchors).toBe(untouched.body.partners[0].anchors);
  });

  it('warns of records sealed late and fails on one inserted late, in text and JSON', async () => {
    const text = await ops('ledger', 'verify', '--partner', 'identity');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/INSERTED-LATE\s+identity\s+tree \d+ leaf 0 key \S+00000000late/);
    expect(text.stdout.match(/warning: sealed late/g)?.length).toBeGreaterThanOrEqual(2);
    const json = await ops('ledger', 'verify', '--partner', 'identity', '--json');
    expect(json.code).toBe(1);
    const [report] = JSON.parse(json.stdout) as VerifyReport[];
    expect(report!.findings.map((f) => f.kind)).toEqual(['inserted-late']);
    expect(report!.sealedLate.length).toBeGreaterThanOrEqual(2);
  });

  it('prints a proof that checks with only the public key, by the standalone script and by openssl', async () => {
    const [record] = await write('identity', 1, 'prove-me');
    await sealAll();
    const result = await ops('ledger', 'prove', record!.messageId);
    expect(result.code).toBe(0);
    const dir = fixture.dataDir;
    writeFileSync(path.join(dir, 'proof.json'), result.stdout);
    const key = await ops('ledger', 'public-key');
    writeFileSync(path.join(dir, 'pub.pem'), key.stdout);

    const checked = await run('node', ['infra/cli/verify-ledger-proof.mjs', path.join(dir, 'proof.json'), path.join(dir, 'pub.pem')]);
    expect(checked.stdout).toMatch(/^OK /);

    const [proof] = JSON.parse(result.stdout) as { headCanonical: string; signature: string }[];
    writeFileSync(path.join(dir, 'head.json'), proof!.headCanonical);
    writeFileSync(path.join(dir, 'head.sig'), Buffer.from(proof!.signature, 'base64'));
    const openssl = await run('openssl', ['dgst', '-sha256', '-verify', path.join(dir, 'pub.pem'), '-signature', path.join(dir, 'head.sig'), path.join(dir, 'head.json')]);
    expect(openssl.stdout).toContain('Verified OK');

    // The same proof with the record altered no longer reaches the signed root.
    const forged = JSON.parse(result.stdout) as { recordCanonical: string }[];
    forged[0]!.recordCanonical = forged[0]!.recordCanonical.replace('"outcome":"ok"', '"outcome":"rejected"');
    writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
    await expect(run('node', ['infra/cli/verify-ledger-proof.mjs', path.join(dir, 'forged.json'), path.join(dir, 'pub.pem')])).rejects.toMatchObject({ code: 1 });
  });
});
