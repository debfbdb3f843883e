import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paygovConfirmMacFields } from '../../contracts/payment/paygov';
import { paygovMac } from '../../functions/core/payment/payment-signatures';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { artifactPath, launchChromium } from '../support/browser';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * The operators' console in a real browser (Debian's Chromium through playwright-core) against a
 * twin: sign in with the operator key, see live partner health; take the portal down and push 20
 * dossiers, see them stuck with their reason; bring it back, re-sync from the console, see them
 * synced; open a timeline and see every attempt. Backoffs are ten minutes, so only the operator's
 * re-sync can bring the dossiers in within the test.
 */
let fixture: TwinFixture;
let browser: Browser;
let page: Page;
let portal: string;
const codes = Array.from({ length: 20 }, (_, i) => `H29-UI-${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  fixture = await startTestTwin({
    functionEnvironment: { PORTAL_SYNC_BACKOFF_BASE_SECONDS: '600', PORTAL_SYNC_BACKOFF_MAX_SECONDS: '600', PARTNER_PROBE_INTERVAL_SECONDS: '2' },
  });
  portal = fixture.twin.simulators.portal!;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

describe('operators console', { timeout: 90_000 }, () => {
  it('signs in with the operator key (kept in sessionStorage only) and shows live partner health', async () => {
    await page.goto(fixture.twin.consoleUrl);
    await expect.poll(() => page.getByRole('heading', { name: 'Đăng nhập' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('Khóa vận hành').fill('lt_wrong_key');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();

    await page.getByLabel('Khóa vận hành').fill(fixture.twin.operatorKey);
    await page.keyboard.press('Enter');
    await page.getByTestId('partners').waitFor();
    const partners = await page.locator('[data-testid=partners] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-partner')));
    expect(partners).toEqual(['portal', 'city', 'identity', 'payment']);
    expect(await page.evaluate('sessionStorage.getItem("lienthong.operatorKey")')).toBe(fixture.twin.operatorKey);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    // A chart drawn by Chart.js, described for screen readers.
    expect(await page.locator('canvas[role=img]').getAttribute('aria-label')).toContain('Xu hướng 24 giờ');

    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await page.getByRole('heading', { name: 'Partner health' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.screenshot({ path: artifactPath('1-overview.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();
  });

  it('lists dossiers pushed during a portal outage as stuck, with the reason', async () => {
    await setPortalFaults(portal, { down: true });
    for (const code of codes) {
      expect((await call(fixture.twin.gatewayUrl, 'PUT', `/v1/dossiers/${code}`, { key: fixture.twin.apiKey, body: sampleDossier() })).status).toBe(202);
    }
    await page.getByRole('link', { name: 'Việc bị kẹt' }).click();
    const rows = page.locator('[data-testid=stuck-dossiers] tbody tr');
    await eventually(async () => {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      // The first few failed against the portal; once recovery marked it down, the rest wait parked.
      const reasons = await page.locator('[data-testid=stuck-dossiers] tbody tr td.reason').allTextContents();
      expect(reasons).toHaveLength(20);
      for (const reason of reasons) expect(['portal-unreachable', 'portal-parked']).toContain(reason);
    }, 30_000, 500);
    expect(await rows.count()).toBe(20);

    await page.goto(`${fixture.twin.consoleUrl}#/overview`);
    await expect.poll(() => page.getByTestId('stuck-dossiers').textContent(), { timeout: 15_000 }).toBe('20');
    const portalRow = page.locator('[data-testid=partners] tr[data-partner=portal]');
    expect(await portalRow.textContent()).toContain('portal-unreachable');
    expect(await portalRow.textContent()).toContain('Tạm giữ việc');
    await page.screenshot({ path: artifactPath('2-overview-portal-down.png'), fullPage: true });
    await page.getByRole('link', { name: 'Việc bị kẹt' }).click();
    await rows.first().waitFor();
    await page.screenshot({ path: artifactPath('3-stuck.png'), fullPage: true });
  });

  it('previews the portal payload masked, then re-syncs every listed dossier once the portal is back', async () => {
    await page.getByRole('checkbox', { name: `Chọn ${codes[0]}` }).check();
    await page.getByRole('button', { name: 'Xem trước dữ liệu gửi Cổng' }).click();
    const result = page.getByTestId('action-result');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('"MaDoiTuong": "079******345"');
    expect(await result.textContent()).not.toContain('079190012345');

    await setPortalFaults(portal, { down: false });
    await page.getByRole('button', { name: 'Đồng bộ lại tất cả hồ sơ trong danh sách' }).click();
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('đã xếp hàng');
    for (const code of codes) await eventually(async () => expect((await inspectPortalDossier(portal, code))?.dossier.MaHoSo).toBe(code), 30_000);
    await eventually(async () => {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      expect(await page.locator('[data-testid=stuck-dossiers] tbody tr').count()).toBe(0);
    }, 30_000, 500);
    await page.screenshot({ path: artifactPath('4-resynced.png'), fullPage: true });
  });

  it("shows a dossier's timeline with each portal attempt and the operator's re-sync", async () => {
    await page.goto(`${fixture.twin.consoleUrl}#/dossier/${codes[0]}`);
    await page.getByTestId('timeline').waitFor();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 15_000 }).toContain('synced');
    const rows = page.locator('[data-testid=timeline] tbody tr');
    const kinds = await rows.evaluateAll((list) => list.map((r) => `${r.getAttribute('data-kind')}:${r.getAttribute('data-outcome')}`));
    expect(kinds).toContain('portal-attempt:retryable');
    expect(kinds).toContain('portal-attempt:ok');
    expect(kinds).toContain('operator-action:ok');
    expect(kinds.at(-1)).toBe('portal-ack:ok');
    expect(await page.locator('[data-testid=timeline]').textContent()).toContain('twin-operator');
    // Each received version and acknowledgement shows the version it is about, as the API says.
    const timeline = (await call(fixture.twin.gatewayUrl, 'GET', `/v1/ops/dossiers/${codes[0]}/timeline`, { key: fixture.twin.operatorKey })).body;
    const versions = await rows.evaluateAll((list) => list.map((r) => r.querySelector('[data-column=version]')!.textContent));
    const expected = timeline.entries.map((e: { version: number | null }) => (e.version === null ? '–' : String(e.version)));
    expect(versions.slice(0, expected.length)).toEqual(expected);
    expect(expected).toContain('1');
    await page.getByRole('button', { name: 'Đối chiếu với Cổng ngay' }).click();
    await expect.poll(() => page.getByTestId('action-result').textContent(), { timeout: 15_000 }).toContain('match');
    await page.screenshot({ path: artifactPath('5-timeline.png'), fullPage: true });
  });

  it('lists a payment needing review (a success after a failure) on the payments page', async () => {
    const gateway = fixture.twin.gatewayUrl;
    const paymentSim = fixture.twin.simulators.payment!;
    const opened = await call(gateway, 'POST', '/v1/payments', {
      key: fixture.twin.apiKey,
      body: { dossierCode: codes[1], fees: [{ code: 'LPHT', name: 'Lệ phí hộ tịch', amount: 8000 }], payer: { name: 'Nguyễn Thị Minh Khai' }, returnUrl: 'https://dichvucong.hochiminhcity.gov.vn/ket-qua' },
    });
    expect(opened.status).toBe(201);
    const reference = opened.body.reference as string;
    await fetch(`${paymentSim}/_actions/pay/${reference}`, { method: 'POST', body: JSON.stringify({ outcome: 'fail' }) });
    // Then PayGov confirms a success for the same reference: kept as an exception for refund review.
    const paygov = JSON.parse(process.env.PAYGOV_CREDENTIALS ?? '{}');
    const fields = {
      LoaiBanTin: 'CONFIRM', MaLoi: '00', MaDoiTac: paygov.partnerCode, MaThamChieu: reference, SoTien: 8000, MaTienTe: 'VND',
      MaGiaoDich: `GD${Date.now()}`, MaNganHang: 'VCB', ThoiGianGD: '20261122093000', ThongTinGiaoDich: 'Thanh toan phi ho so',
    };
    const confirmed = await call(gateway, 'POST', '/v1/payments/callbacks/paygov', { body: { ...fields, MaXacThuc: paygovMac(fields, paygovConfirmMacFields, paygov.secret) } });
    expect(confirmed.status).toBe(200);

    await page.goto(`${fixture.twin.consoleUrl}#/payments`);
    const row = page.locator('[data-testid=payments] tbody tr', { hasText: reference });
    await eventually(async () => {
      await page.reload();
      await row.waitFor({ timeout: 5_000 });
    }, 30_000, 500);
    expect(await row.textContent()).toContain('exception: paid-after-failure');
    expect(await row.textContent()).toContain(codes[1]);
    await page.screenshot({ path: artifactPath('6-payments.png'), fullPage: true });
  });

  it('shows stuck lists and timeline kinds it has no dedicated code for, as the API adds them', async () => {
    // The ops API grows (ledger write failures, new timeline kinds): the console renders what it is given.
    await page.route('**/v1/ops/stuck?*', async (route) => {
      const answer = await (await route.fetch()).json();
      answer.ledgerFailures = [
        { at: new Date().toISOString(), partner: 'portal', direction: 'outbound', operation: 'syncDossier', subject: codes[3], messageId: 'm-ledger-1', recordId: 'r-ledger-1', outcome: 'ok', errorCode: 'ProvisionedThroughputExceededException' },
      ];
      answer.quarantinedCallbacks = [{ callbackId: 'cb-77', dossierCode: codes[2], reason: 'signature-mismatch' }];
      await route.fulfill({ json: answer });
    });
    await page.route('**/v1/ops/dossiers/*/timeline', async (route) => {
      const answer = await (await route.fetch()).json();
      answer.entries.push({ ...answer.entries.at(-1), kind: 'archive-copy', summary: 'copied to the archive', outcome: 'info' });
      await route.fulfill({ json: answer });
    });
    await page.goto(`${fixture.twin.consoleUrl}#/stuck`);
    const ledger = page.getByTestId('stuck-ledgerFailures');
    await ledger.waitFor();
    expect(await page.getByRole('heading', { name: 'Lỗi ghi sổ cái (7 ngày) (1)' }).count()).toBe(1);
    expect(await ledger.textContent()).toContain('m-ledger-1');
    // The fields of a ledger write failure have their own column names.
    const headers = await ledger.locator('thead th').allTextContents();
    for (const name of ['Chiều', 'Thao tác', 'Mã thông điệp', 'Mã bản ghi bị mất', 'Mã lỗi']) expect(headers).toContain(name);
    expect(await ledger.textContent()).toContain('ProvisionedThroughputExceededException');
    const other = page.getByTestId('stuck-quarantinedCallbacks');
    expect(await other.textContent()).toContain('signature-mismatch');
    expect(await other.getByRole('link', { name: codes[2] }).count()).toBe(1);

    await page.goto(`${fixture.twin.consoleUrl}#/dossier/${codes[0]}`);
    const added = page.locator('[data-testid=timeline] tr[data-kind=archive-copy]');
    await added.waitFor();
    expect(await added.textContent()).toContain('copied to the archive');
    await page.unrouteAll();
  });
});
