import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogueData from '../../contracts/insight/procedure-catalogue.json' with { type: 'json' };
import { ProcedureCatalogue } from '../../contracts/insight/procedures';
import { defaultCalendar } from '../../functions/core/deadlines/default-calendar';
import { planMonth } from '../../infra/cli/seed-month';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { artifactPath, launchChromium } from '../support/browser';
import { setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * The console's scorecard pages in a real browser against a seeded twin: a few units' week put
 * through the public API by the seed generator's own plan, plus one online dossier left unreceived
 * for days (slow reception). Every number on the page is compared with the API's answer for the
 * same period, read with the same operator key.
 */
let fixture: TwinFixture;
let browser: Browser;
let page: Page;
let gateway: string;
let operator: string;
const slowCode = 'H29-UI-SLOW-1';
// Refused by the portal for good: received by the city, never on the portal, so the official count lags.
const rejectedCode = 'H29-UI-REJ-1';
const slowSubmitted = new Date(Date.now() - 5 * 86_400_000);
// The period shown is the month the slow dossier counts in (its submission month, GMT+7).
const month = new Date(slowSubmitted.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
const vi = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });

const get = async (path: string) => {
  const answer = await call(gateway, 'GET', path, { key: operator });
  expect(answer.status, `${path}: ${answer.text.slice(0, 200)}`).toBe(200);
  return answer;
};

beforeAll(async () => {
  fixture = await startTestTwin();
  gateway = fixture.twin.gatewayUrl;
  operator = fixture.twin.operatorKey;
  const plan = planMonth({ days: 6, units: 3, perUnitPerDay: 2, seed: 766, now: new Date() }, defaultCalendar(), ProcedureCatalogue.parse(catalogueData));
  const unit = plan[0]!.versions[0]!.handlingUnit;
  const slow = sampleDossier({ handlingUnit: unit, status: 'submitted', submittedAt: slowSubmitted.toISOString(), receivedAt: undefined, dueAt: undefined });
  const secondUnit = plan.find((d) => d.versions[0]!.handlingUnit.code !== unit.code)!.versions[0]!.handlingUnit;
  const rejected = sampleDossier({
    handlingUnit: secondUnit,
    status: 'received',
    submittedAt: slowSubmitted.toISOString(),
    receivedAt: new Date(slowSubmitted.getTime() + 30 * 60_000).toISOString(),
    dueAt: undefined,
  });
  await setPortalFaults(fixture.twin.simulators.portal!, { rejectDossiers: [rejectedCode] });
  const all = [...plan, { code: slowCode, versions: [slow] }, { code: rejectedCode, versions: [rejected] }];
  // A few dossiers at a time, each one's versions in order (as `npm run seed` does).
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < all.length) {
        const dossier = all[next++]!;
        for (const version of dossier.versions) {
          const put = await call(gateway, 'PUT', `/v1/dossiers/${dossier.code}`, { key: fixture.twin.apiKey, body: version });
          expect(put.status, put.text).toBe(202);
        }
      }
    }),
  );
  // The scorecard is kept by the insight worker behind a queue: wait until it counted every dossier.
  const months = [...new Set(all.map((d) => (d.versions.at(-1)!.receivedAt ?? d.versions.at(-1)!.submittedAt).slice(0, 7)))];
  await eventually(async () => {
    let counted = 0;
    for (const m of months) counted += (await get(`/v1/insight/units?period=${m}`)).body.units.reduce((n: number, u: { counters: { dossiers: number } }) => n + u.counters.dossiers, 0);
    expect(counted).toBe(all.length);
  }, 60_000, 500);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
  page = await context.newPage();
  await page.goto(fixture.twin.consoleUrl);
  await page.getByLabel('Khóa vận hành').fill(operator);
  await page.keyboard.press('Enter');
  await page.getByTestId('partners').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

describe('scorecard console', { timeout: 60_000 }, () => {
  it("shows the city's score doughnut, group radar, trend and by-unit table with the API's numbers", async () => {
    await page.getByRole('link', { name: 'Bảng điểm 766' }).click();
    await page.getByLabel('Kỳ').selectOption(month);
    const card = (await get(`/v1/insight/scorecard?period=${month}`)).body;
    const units = (await get(`/v1/insight/units?period=${month}`)).body.units;
    expect(units.length).toBeGreaterThan(0);

    const doughnut = page.getByTestId('city-doughnut');
    await expect.poll(() => doughnut.getByTestId('score-value').getAttribute('data-value'), { timeout: 15_000 }).toBe(String(card.score));
    expect(await doughnut.getByTestId('score-value').textContent()).toBe(vi(card.score));
    expect(await doughnut.getByTestId('visible-points').getAttribute('data-value')).toBe(String(card.visiblePoints));
    expect(await doughnut.getByTestId('national-points').getAttribute('data-value')).toBe(String(card.nationalOnlyPoints));
    expect(card.nationalOnlyPoints).toBeGreaterThan(0);
    expect(await doughnut.locator('canvas[role=img]').getAttribute('aria-label')).toContain(vi(card.score));
    // Chart.js drew on the canvas: it is sized and not blank.
    // (The test's tsconfig has no DOM types: the page-side function is written as a string.)
    const painted = await doughnut.locator('canvas').evaluate(
      new Function('c', "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; return c.width > 0 && d.some((v, i) => i % 4 === 3 && v > 0);") as (c: unknown) => boolean,
    );
    expect(painted).toBe(true);

    // The radar's text alternative: one row per group, the API's score, national-only groups said so.
    const radarLabel = await page.getByTestId('city-radar').locator('canvas[role=img]').getAttribute('aria-label');
    for (const group of card.groups) {
      const row = page.locator(`[data-testid=groups] tr[data-group=${group.id}]`);
      expect(await row.locator('td[data-value]').getAttribute('data-value')).toBe(String(group.score));
      if (group.visiblePoints > 0) expect(radarLabel).toContain(vi(Math.round((group.score / group.visiblePoints) * 1000) / 10));
    }
    const nationalIndicators = (card.groups as { indicators: { visibility: string }[] }[]).flatMap((g) => g.indicators).filter((i) => i.visibility === 'national_only');
    expect(nationalIndicators.length).toBeGreaterThan(0);
    await page.getByText('Các chỉ số', { exact: true }).click();
    const shownNational = page.locator('[data-testid=indicators] tr[data-visibility=national_only]');
    expect(await shownNational.count()).toBe(nationalIndicators.length);
    for (const text of await shownNational.allTextContents()) expect(text).toContain('chỉ Cổng quốc gia');
    expect(await page.locator('[data-testid=groups]').textContent()).toContain('Tiến độ giải quyết');
    // Each indicator's factor and the part only the national portal sees, as the API gives them.
    type Shown = { id: string; factor?: number; nationalOnlyPart?: string };
    const allIndicators = (card.groups as { indicators: Shown[] }[]).flatMap((g) => g.indicators);
    expect(allIndicators.some((i) => i.nationalOnlyPart !== undefined)).toBe(true);
    for (const indicator of allIndicators) {
      const row = page.locator(`[data-testid=indicators] tr[data-indicator="${indicator.id}"]`);
      expect(await row.locator('[data-column=national-only-part]').textContent()).toBe(indicator.nationalOnlyPart ?? '–');
      expect(await row.locator('[data-column=factor]').getAttribute('data-value')).toBe(indicator.factor === undefined ? '' : String(indicator.factor));
    }
    // The publication state the API gives: an open month is live, with no adjustments block (a month
    // freezes after it ends: early in a month the period shown may be last month, frozen meanwhile).
    const status = card.publication?.status ?? 'live';
    expect(await page.getByTestId('publication').getAttribute('data-status')).toBe(status);
    if (status === 'live') {
      expect(await page.getByTestId('publication').textContent()).toContain('Số liệu trực tiếp');
      expect(await page.getByTestId('adjustments').count()).toBe(0);
    } else {
      expect(await page.getByTestId('adjustment-count').getAttribute('data-value')).toBe(String(card.publication.adjustments.dossiers.length));
    }

    const trend = (await get('/v1/insight/trend?months=12')).body.months;
    const trendRows = await page.locator('[data-testid=city-trend-table] tbody tr').allTextContents();
    expect(trendRows).toHaveLength(12);
    expect(trendRows.at(-1)).toContain(trend.at(-1).month);

    const rows = page.locator('[data-testid=unit-table] tbody tr');
    expect(await rows.count()).toBe(units.length);
    for (const unit of units) {
      const row = page.locator(`[data-testid=unit-table] tr[data-unit="${unit.unitKey}"]`);
      expect(await row.locator('td[data-column=score]').getAttribute('data-value')).toBe(String(unit.score));
      expect(await row.locator('td[data-column=received]').textContent()).toBe(String(unit.counters.received));
      expect(await row.locator('td[data-column=overdue]').textContent()).toBe(String(unit.counters.overdue));
      expect(await row.locator('td[data-column=dissatisfied]').textContent()).toBe(String(unit.counters.dissatisfied));
    }
    // Highest score first by default.
    const shown = await rows.evaluateAll((list) => list.map((r) => Number(r.querySelector('td[data-column=score]')!.getAttribute('data-value'))));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    // The calendar the deadlines count on, year by year.
    const calendar = (await get('/v1/insight/calendar')).body;
    await page.getByTestId('calendar').waitFor();
    const years = await page.locator('[data-testid=calendar] tbody tr').evaluateAll((list) => list.map((r) => Number(r.getAttribute('data-year'))));
    expect(years).toEqual(calendar.years.map((y: { year: number }) => y.year));
    const first = calendar.years[0];
    expect(await page.locator(`[data-testid=calendar] tr[data-year="${first.year}"]`).textContent()).toContain(String(first.daysOff));
    await page.screenshot({ path: artifactPath('insight-1-city.png'), fullPage: true });
  });

  it("shows a frozen month's published score beside the live one and the adjustments made since", async () => {
    // A month freezes only after it ends (+ grace), later than this test's dossiers: the API's answer
    // for the period shown is given the publication block of a frozen month the API would send,
    // to check the page renders every part of it (the block's figures are the API's shape, not the page's).
    const card = (await get(`/v1/insight/scorecard?period=${month}`)).body;
    const publication = {
      status: 'frozen',
      frozenMonths: [{ month, frozenAt: '2026-12-03T17:00:00.000Z' }],
      adjustments: { score: -1.25, counters: { overdue: 1, onTime: -1 }, dossiers: [slowCode, rejectedCode] },
    };
    await page.route('**/v1/insight/scorecard?period=*', async (route) => {
      const answer = await (await route.fetch()).json();
      await route.fulfill({ json: { ...answer, publication } });
    });
    await page.reload();
    const shown = page.getByTestId('publication');
    await expect.poll(() => shown.getAttribute('data-status'), { timeout: 15_000 }).toBe('frozen');
    expect(await shown.textContent()).toContain('Đã chốt');
    expect(await shown.textContent()).toContain(month);
    expect(await page.getByTestId('live-score').getAttribute('data-value')).toBe(String(Math.round((card.score - 1.25) * 100) / 100));
    expect(await page.getByTestId('adjustment-count').getAttribute('data-value')).toBe('2');
    expect(await page.getByTestId('moved-counters').textContent()).toBe('overdue +1, onTime -1');
    expect(await shown.getByRole('link', { name: rejectedCode }).getAttribute('href')).toBe(`#/dossier/${rejectedCode}`);
    await page.screenshot({ path: artifactPath('insight-1b-frozen.png'), fullPage: true });
    await page.unrouteAll();
    await page.reload();
    await expect.poll(() => page.getByTestId('publication').getAttribute('data-status'), { timeout: 15_000 }).toBe(card.publication?.status ?? 'live');
  });

  it('sorts the by-unit table and moves between units with the keyboard alone', async () => {
    const keys = () => page.locator('[data-testid=unit-table] tbody tr').evaluateAll((list) => list.map((r) => r.getAttribute('data-unit')!));
    const unitHeader = page.locator('[data-testid=unit-table] th[data-column=unit]');
    await page.getByRole('button', { name: 'Sắp xếp theo Đơn vị' }).focus();
    await page.keyboard.press('Enter');
    expect(await unitHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await keys();
    expect(ascending).toEqual([...ascending].sort());
    await page.keyboard.press('Space');
    expect(await unitHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await keys()).toEqual([...ascending].reverse());

    // Tab from the header into the table reaches the sort buttons; arrows move between unit links.
    await page.keyboard.press('Tab');
    expect(await page.evaluate("document.activeElement?.closest('th')?.getAttribute('data-column')")).toBe('name');
    const order = await keys();
    await page.locator(`[data-testid=unit-table] a[data-unit-link]`).first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(order[1]);
    await page.keyboard.press('End');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(order.at(-1));
    await page.keyboard.press('Home');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(order[0]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Điểm đơn vị: ${order[0]}` }).waitFor();
    await page.goBack();
    await page.getByTestId('unit-table').waitFor();
  });

  it("downloads the by-unit CSV through the API with the operator key, the same rows as the API's", async () => {
    const expected = (await get(`/v1/insight/units?period=${month}&format=csv`)).text;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('units-csv').click()]);
    expect(download.suggestedFilename()).toBe(`insight-units-${month}.csv`);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text).toBe(expected);
    expect(text.split('\r\n').length).toBeGreaterThan(2);
  });

  it("shows a unit's doughnut, radar and at-risk list with reasons and points, and exports it", async () => {
    const unitCode = 'H29.SEED.001';
    await page.locator(`[data-testid=unit-table] a[data-unit-link]`, { hasText: unitCode }).click();
    const card = (await get(`/v1/insight/scorecard?unit=${unitCode}&period=${month}`)).body;
    const risks = await eventually(async () => {
      const answer = (await get(`/v1/insight/units/${unitCode}/at-risk?period=${month}`)).body;
      expect(answer.dossiers.some((d: { dossierCode: string }) => d.dossierCode === slowCode)).toBe(true);
      return answer;
    }, 30_000);
    await expect.poll(() => page.getByTestId('unit-doughnut').getByTestId('score-value').getAttribute('data-value'), { timeout: 15_000 }).toBe(String(card.score));
    expect(await page.getByTestId('unit-radar').locator('canvas[role=img]').count()).toBe(1);

    const rows = page.locator('[data-testid=at-risk] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(risks.dossiers.length);
    const shownCodes = await rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-dossier')));
    expect(shownCodes).toEqual(risks.dossiers.map((d: { dossierCode: string }) => d.dossierCode));
    const slowRow = page.locator(`[data-testid=at-risk] tr[data-dossier="${slowCode}"]`);
    expect(await slowRow.locator('li[data-reason]').evaluateAll((list) => list.map((l) => l.getAttribute('data-reason')))).toContain('slow_reception');
    expect(await slowRow.textContent()).toContain('Tiếp nhận chậm');
    const slowRisk = risks.dossiers.find((d: { dossierCode: string }) => d.dossierCode === slowCode);
    expect(await slowRow.locator('td[data-value]').getAttribute('data-value')).toBe(String(slowRisk.pointsAtStake));
    await page.screenshot({ path: artifactPath('insight-2-unit.png'), fullPage: true });

    const expected = (await get(`/v1/insight/units/${unitCode}/at-risk?period=${month}&format=csv`)).text;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('at-risk-csv').click()]);
    expect(await readFile((await download.path())!, 'utf8')).toBe(expected);
    expect(expected).toContain(slowCode);

    // English labels on the same page.
    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await page.getByRole('heading', { name: `Unit score: ${unitCode}` }).waitFor();
    expect(await slowRow.textContent()).toContain('Slow reception');
    expect(await page.getByRole('heading', { name: 'Dossiers costing points' }).count()).toBe(1);
    await page.screenshot({ path: artifactPath('insight-3-unit-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();
    await page.getByRole('heading', { name: `Điểm đơn vị: ${unitCode}` }).waitFor();
  });

  it('reconciles the shadow score with the official one pulled from the portal, unit by unit', async () => {
    await page.getByRole('link', { name: 'Đối soát điểm chính thức' }).click();
    await expect.poll(() => page.getByTestId('pulled-at').textContent(), { timeout: 15_000 }).toContain('chưa lấy');
    // Everything else has reached the portal before its figures are pulled.
    await eventually(async () => {
      const stuck = (await get('/v1/ops/stuck?kind=dossiers&olderThanMinutes=0')).body.dossiers.map((d: { dossierCode: string }) => d.dossierCode);
      expect(stuck).toEqual([rejectedCode]);
    }, 60_000, 500);
    await fixture.twin.runSchedule('insightReconciler');
    const answer = (await get(`/v1/insight/reconciliation?period=${month}`)).body;
    expect(answer.pulledAt).not.toBeNull();
    await page.reload();
    await expect.poll(() => page.getByTestId('pulled-at').textContent(), { timeout: 15_000 }).not.toContain('chưa lấy');
    const rows = page.locator('[data-testid=reconciliation] tbody tr');
    expect(await rows.count()).toBe(answer.units.length);
    for (const unit of answer.units) {
      const row = page.locator(`[data-testid=reconciliation] tr[data-unit="${unit.unitKey ?? unit.unitName}"]`);
      expect(await row.locator('[data-column=received-difference]').getAttribute('data-value')).toBe(String(unit.difference.received));
      expect(await row.locator('[data-column=score-difference]').getAttribute('data-value')).toBe(String(unit.difference.progressScore));
      for (const explanation of unit.explanations) expect(await row.textContent()).toContain(explanation);
      for (const code of unit.dossiers) expect(await row.locator('[data-column=dossiers]').textContent()).toContain(code);
    }
    const lagging = answer.units.find((u: { unitKey: string | null }) => u.unitKey === 'H29.SEED.002');
    expect(lagging.difference.received).toBe(-1);
    const laggingRow = page.locator('[data-testid=reconciliation] tr[data-unit="H29.SEED.002"]');
    expect(await laggingRow.textContent()).toContain('1 received dossiers not on the portal');
    expect(await laggingRow.locator('[data-column=received-difference]').textContent()).toBe('-1');
    for (const unit of answer.units) {
      expect(await page.locator(`[data-testid=reconciliation] tr[data-unit="${unit.unitKey ?? unit.unitName}"] [data-column=total-score-difference]`).getAttribute('data-value')).toBe(String(unit.scoreDifference));
    }
    await page.screenshot({ path: artifactPath('insight-4-reconciliation.png'), fullPage: true });
  });

  it("shows every indicator of each unit, shadow beside official, as the API reconciles them, and links the dossiers to their timeline", async () => {
    const answer = (await get(`/v1/insight/reconciliation?period=${month}`)).body;
    const tables = page.locator('[data-testid=unit-indicators]');
    expect(await tables.count()).toBe(answer.units.length);
    type Figures = { numerator: number; denominator: number; score: number } | null;
    type Indicator = { id: string; shadow: Figures; official: Figures; difference: Figures; explanations: string[]; dossiers: string[] };
    const triple = (f: Figures) => (f ? `${f.numerator}/${f.denominator}/${f.score}` : '');
    for (const unit of answer.units) {
      const table = page.locator(`[data-testid=unit-indicators][data-unit="${unit.unitKey ?? unit.unitName}"]`);
      const ids = await table.locator('tbody tr').evaluateAll((list) => list.map((r) => r.getAttribute('data-indicator')));
      expect(ids).toEqual(unit.indicators.map((i: Indicator) => i.id));
      for (const indicator of unit.indicators as Indicator[]) {
        const row = table.locator(`tr[data-indicator="${indicator.id}"]`);
        expect(await row.locator('[data-column=shadow]').getAttribute('data-value')).toBe(triple(indicator.shadow));
        expect(await row.locator('[data-column=official]').getAttribute('data-value')).toBe(triple(indicator.official));
        expect(await row.locator('[data-column=score-difference]').getAttribute('data-value')).toBe(indicator.difference ? String(indicator.difference.score) : '');
        for (const explanation of indicator.explanations) expect(await row.textContent()).toContain(explanation);
        const links = await row.locator('[data-column=dossiers] a').allTextContents();
        expect(links).toEqual(indicator.dossiers);
      }
    }
    // The dossier the portal refused is counted by the gateway, not by the portal: 2.1 (on time) and
    // 1.4 (synced on time) both have one dossier fewer on the official side for its unit.
    const lagging = answer.units.find((u: { unitKey: string | null }) => u.unitKey === 'H29.SEED.002');
    const laggingTable = page.locator('[data-testid=unit-indicators][data-unit="H29.SEED.002"]');
    for (const id of ['2.1', '1.4']) {
      const indicator = lagging.indicators.find((i: Indicator) => i.id === id) as Indicator;
      expect(indicator.difference, id).not.toBeNull();
      expect(indicator.difference!.denominator, id).toBe(-1);
      const row = laggingTable.locator(`tr[data-indicator="${id}"]`);
      expect(await row.locator('[data-column=difference]').getAttribute('data-value')).toBe(`${indicator.difference!.numerator}/-1`);
      expect(await row.locator('[data-column=shadow]').textContent()).toContain(`${indicator.shadow!.numerator}/${indicator.shadow!.denominator}`);
      expect(await row.textContent()).toContain('1 dossiers counted by the gateway are not on the portal');
    }
    expect(await laggingTable.locator('tr[data-indicator="2.1"] th').textContent()).toContain('Giải quyết hồ sơ đúng hạn');
    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await laggingTable.locator('caption', { hasText: 'Indicators: H29.SEED.002' }).waitFor();
    expect(await page.locator('[data-testid=reconciliation] thead').textContent()).toContain('Score difference (all indicators)');
    await page.screenshot({ path: artifactPath('insight-5-reconciliation-indicators-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();
    await laggingTable.locator('caption', { hasText: 'Các chỉ số: H29.SEED.002' }).waitFor();

    // An explaining dossier opens its timeline, where each received version shows its number.
    const explained = answer.units.flatMap((u: { unitKey: string | null; unitName: string; indicators: Indicator[] }) =>
      u.indicators.flatMap((i) => i.dossiers.map((code) => ({ unit: u.unitKey ?? u.unitName, id: i.id, code }))),
    );
    expect(explained.length).toBeGreaterThan(0);
    const first = explained[0]!;
    await page.locator(`[data-testid=unit-indicators][data-unit="${first.unit}"] tr[data-indicator="${first.id}"] [data-column=dossiers] a`, { hasText: first.code }).click();
    await page.getByTestId('timeline').waitFor();
    expect(page.url()).toContain(`#/dossier/${encodeURIComponent(first.code)}`);
    const timeline = (await get(`/v1/ops/dossiers/${encodeURIComponent(first.code)}/timeline`)).body;
    const received = timeline.entries.filter((e: { kind: string }) => e.kind === 'version-received');
    expect(received.length).toBeGreaterThan(0);
    const shownVersions = page.locator('[data-testid=timeline] tr[data-kind=version-received] [data-column=version]');
    await expect.poll(() => shownVersions.allTextContents(), { timeout: 15_000 }).toEqual(received.map((e: { version: number }) => String(e.version)));
    expect(await page.locator('[data-testid=timeline] tr[data-kind=version-received]').first().textContent()).toContain('Nhận phiên bản');
    expect(await page.locator('[data-testid=timeline] tr[data-kind=version-received] [data-column=reference]').first().textContent()).toBe(received[0].reference);
    expect(received[0].reference).toMatch(/^sha256:/);
    expect(await page.locator('[data-testid=timeline] thead').textContent()).toContain('Phiên bản');

    // The portal's refusal of the seeded dossier shows as a rejected attempt on its timeline.
    await page.goto(`${fixture.twin.consoleUrl}#/dossier/${rejectedCode}`);
    const refused = page.locator('[data-testid=timeline] tr[data-outcome=rejected]');
    await refused.first().waitFor({ timeout: 15_000 });
    const rejectedTimeline = (await get(`/v1/ops/dossiers/${rejectedCode}/timeline`)).body;
    expect(await refused.count()).toBe(rejectedTimeline.entries.filter((e: { outcome: string }) => e.outcome === 'rejected').length);
    await page.screenshot({ path: artifactPath('insight-6-timeline-versions.png'), fullPage: true });
  });
});
