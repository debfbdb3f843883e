import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwinFixture } from '../support/twin-fixture';
import { recentLedgerRecords } from '../support/ledger';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * Citizen verification on the twin against the identity simulator, with every byte the process
 * writes to stdout and stderr captured (at DEBUG level) to prove no personal data is logged.
 */
interface Citizen {
  personalId: string;
  legacyId?: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
}

let fixture: TwinFixture;
let identity: string;
let key: string;
let citizens: Citizen[];
const captured: string[] = [];
const originalWrites = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeAll(async () => {
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalWrites.out as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalWrites.err as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  fixture = await startTestTwin({
    // The functions log at DEBUG here: their containers write through this process's stdout and stderr.
    functionEnvironment: { POWERTOOLS_LOG_LEVEL: 'DEBUG', IDENTITY_TIMEOUT_MS: '300', IDENTITY_BREAKER_RESET_MS: '1500', IDENTITY_BREAKER_MIN_CALLS: '4' },
  });
  identity = fixture.twin.simulators.identity!;
  key = await fixture.keyWith('identity:verify');
  citizens = ((await (await fetch(`${identity}/_inspect/sample?count=40`)).json()) as { citizens: Citizen[] }).citizens;
});

afterAll(async () => {
  process.stdout.write = originalWrites.out;
  process.stderr.write = originalWrites.err;
  await fixture.stop();
});

const withFullDate = () => citizens.find((c) => c.dateOfBirth.length === 10)!;
const verify = (body: Record<string, unknown>) =>
  call(fixture.twin.gatewayUrl, 'POST', '/v1/citizens/verifications', {
    key,
    body: { purpose: { code: 'HT-KS', text: 'Đăng ký khai sinh' }, officerId: 'cb-079-001', ...body },
  });
const lookups = async () => ((await (await fetch(`${identity}/_inspect/sample?count=1`)).json()) as { lookups: number }).lookups;
const setFaults = (knobs: Record<string, unknown>) => fetch(`${identity}/_faults`, { method: 'POST', body: JSON.stringify(knobs) });

describe('POST /v1/citizens/verifications', () => {
  it('answers MATCH for a citizen as the database holds them, without returning the record', async () => {
    const c = withFullDate();
    const response = await verify({ personalId: c.personalId, fullName: c.fullName.toUpperCase(), dateOfBirth: c.dateOfBirth, sex: c.sex });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ verdict: 'MATCH', checks: { personalId: 'match', fullName: 'match', dateOfBirth: 'match', sex: 'match' } });
    expect(Object.keys(response.body).sort()).toEqual(['checks', 'requestId', 'verdict']);
  });

  it('answers MISMATCH naming the field: a name without its diacritics, another day of the same year', async () => {
    const c = withFullDate();
    const plain = c.fullName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    const byName = await verify({ personalId: c.personalId, fullName: plain, dateOfBirth: c.dateOfBirth });
    expect(byName.body).toMatchObject({ verdict: 'MISMATCH', checks: { fullName: 'mismatch', dateOfBirth: 'match' } });

    const otherDay = `${c.dateOfBirth.slice(0, 8)}${c.dateOfBirth.slice(8) === '01' ? '02' : '01'}`;
    const byDate = await verify({ personalId: c.personalId, fullName: c.fullName, dateOfBirth: otherDay });
    expect(byDate.body).toMatchObject({ verdict: 'MISMATCH', checks: { fullName: 'match', dateOfBirth: 'mismatch' } });
  });

  it('verifies by legacy 9-digit ID too', async () => {
    const c = citizens.find((x) => x.legacyId)!;
    const response = await verify({ legacyId: c.legacyId, fullName: c.fullName, dateOfBirth: c.dateOfBirth });
    expect(response.body.verdict).toBe('MATCH');
  });

  it('answers NOT_FOUND for a well-formed ID nobody holds', async () => {
    const response = await verify({ personalId: '096099999999', fullName: 'Trần Văn Vắng', dateOfBirth: '1999-09-09' });
    expect(response.status).toBe(200);
    expect(response.body.verdict).toBe('NOT_FOUND');
  });

  it('refuses an inconsistent request with 422 naming the inconsistency, without calling upstream', async () => {
    const before = await lookups();
    const c = withFullDate();
    const wrongSex = c.sex === 'male' ? 'female' : 'male';
    const response = await verify({ personalId: c.personalId, fullName: c.fullName, dateOfBirth: c.dateOfBirth, sex: wrongSex });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: '/sex', message: expect.stringContaining(`says ${c.sex}`) })]);
    const province = await verify({ personalId: '003190012345', fullName: 'A B', dateOfBirth: '1990' });
    expect(province.body.errors[0]).toMatchObject({ path: '/personalId' });
    expect(await lookups()).toBe(before);
  });

  it('opens the circuit when the relay keeps failing, answers 503 at once, and recovers by a half-open probe', async () => {
    const c = withFullDate();
    const ask = () => verify({ personalId: c.personalId, fullName: c.fullName, dateOfBirth: c.dateOfBirth });
    await setFaults({ latencyMs: 1000 }); // slower than the 300 ms timeout

    // Earlier successes share the breaker's 10 s window, so it opens once failures pass 50 %.
    const failing = [];
    let open = await ask();
    while (!String(open.body.detail).includes('not calling it') && failing.length < 20) {
      failing.push(open);
      open = await ask();
    }
    expect(failing.length).toBeGreaterThanOrEqual(4);
    expect(failing.every((r) => r.status === 503 && String(r.body.detail).includes('did not answer'))).toBe(true);
    expect(open.status).toBe(503);

    const before = await lookups();
    const stillOpen = await ask();
    expect(stillOpen.body.detail).toContain('not calling it');
    expect(Number(stillOpen.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await lookups()).toBe(before); // refused without touching the relay

    await setFaults({ latencyMs: 0 });
    const recovered = await eventually(async () => {
      const answer = await ask();
      expect(answer.status).toBe(200);
      return answer;
    }, 10_000, 250);
    expect(recovered.body.verdict).toBe('MATCH');
  });
});

describe('personal data', () => {
  it('keeps the ledger to keyed hashes and masks', async () => {
    const entries = await recentLedgerRecords('identity');
    const c = withFullDate();
    const mine = entries.filter((e) => e.attributes?.idMask === `${c.personalId.slice(0, 3)}******${c.personalId.slice(-3)}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]!.attributes).toMatchObject({ purposeCode: 'HT-KS', officerId: 'cb-079-001', idKind: 'personal_id' });
    expect(new Set(mine.map((e) => e.attributes?.verdict).filter(Boolean))).toEqual(new Set(['MATCH', 'MISMATCH']));
    expect(mine.some((e) => e.errorCode === 'circuit-open')).toBe(true);
    const text = JSON.stringify(entries);
    for (const citizen of citizens) {
      expect(text).not.toContain(citizen.personalId);
      expect(text).not.toContain(citizen.fullName);
    }
  });

  it('never writes an ID number, a name or a date of birth to any log line', () => {
    const output = captured.join('');
    // The capture is real: the suite's own log lines are in it.
    expect(output).toContain('circuit opened');
    for (const citizen of citizens) {
      expect(output).not.toContain(citizen.personalId);
      if (citizen.legacyId) expect(output).not.toContain(citizen.legacyId);
      expect(output).not.toContain(citizen.fullName);
      expect(output.toLowerCase()).not.toContain(citizen.fullName.toLowerCase());
      if (citizen.dateOfBirth.length === 10) {
        expect(output).not.toContain(citizen.dateOfBirth);
        expect(output).not.toContain(citizen.dateOfBirth.replaceAll('-', ''));
      }
    }
    expect(output).not.toContain('096099999999');
  });
});
