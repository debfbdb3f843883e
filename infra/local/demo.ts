import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DossierSnapshotInput } from '../../contracts/api/dossier';
import { startTwin } from './twin';

/**
 * `npm run demo`: one dossier's life through the gateway on a private in-memory twin. A citizen
 * submits online on the national portal; the city system receives it through the gateway, takes
 * it over and pushes each stage back; after each, the demo shows what the portal holds.
 */

const dataDir = mkdtempSync(path.join(tmpdir(), 'lienthong-demo-'));
const twin = await startTwin({ port: 0, dataDir, inMemory: true, region: 'ap-southeast-1', schedules: false });
const portalUrl = twin.simulators.portal!;
const cityUrl = twin.simulators.city!;

type Step = NonNullable<DossierSnapshotInput['history']>[number];
const step = (id: string, at: string, action: string, status: Step['status'], actor = 'Lê Văn Tám'): Step => ({
  id,
  actor: { name: actor, title: 'Công chức tư pháp - hộ tịch' },
  unit: 'UBND phường Sài Gòn',
  at,
  action,
  status,
});

// The demo prints what it reads; loose JSON is enough here.
type Json = Record<string, any>;
const getJson = async (url: string, init?: RequestInit): Promise<Json> => (await fetch(url, init)).json() as Promise<Json>;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

console.log(`Lienthong demo\n  gateway ${twin.gatewayUrl}\n  portal  ${portalUrl}\n  city    ${cityUrl}\n`);

// 0. A citizen — one of the population database's — submits a birth registration on the portal.
const identityUrl = twin.simulators.identity!;
const citizen = (await getJson(`${identityUrl}/_inspect/sample?count=20`)).citizens.find((c: Json) => c.dateOfBirth.length === 10 && c.dateOfBirth < '2005');
const submitted = await getJson(`${portalUrl}/_actions/submit`, {
  method: 'POST',
  body: JSON.stringify({
    overrides: { ChuHoSo: citizen.fullName, MaDoiTuong: citizen.personalId, DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: citizen.personalId }] },
  }),
});
const code: string = submitted.dossierCode;
let delivered: Json | undefined;
for (let tries = 0; !delivered && tries < 100; tries++) {
  const found = await fetch(`${cityUrl}/_inspect/deliveries/${submitted.webhookId}`);
  if (found.ok) delivered = (await found.json()) as Json;
  else await pause(100);
}
if (!delivered) throw new Error('the city system never received the online dossier');
const online = delivered.body.data.dossier as DossierSnapshotInput;
console.log(`0. citizen → portal: online dossier ${code} submitted  [callback ${submitted.status} ${submitted.answer.outcome}]`);
console.log(`   city received it through the gateway: "${online.procedure.name}", status ${online.status}, channel ${online.channel}`);

// The officer verifies the applicant against the population database before accepting.
const verification = await getJson(`${twin.gatewayUrl}/v1/citizens/verifications`, {
  method: 'POST',
  headers: { authorization: `Bearer ${twin.apiKey}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    personalId: online.applicant.identifiers?.[0]?.number,
    fullName: online.applicant.name,
    dateOfBirth: citizen.dateOfBirth,
    purpose: { code: 'HT-KS', text: 'Đăng ký khai sinh: xác minh người nộp' },
    dossierCode: code,
    officerId: 'cb-26734-01',
  }),
});
console.log(`   officer verifies the applicant (Project 06): ${verification.verdict} ${JSON.stringify(verification.checks)}\n`);

// The city system takes it over: its own version 1, received at the ward's one-stop counter.
const received: DossierSnapshotInput = {
  ...online,
  version: 1,
  status: 'received',
  receivedAt: '2026-11-22T08:30:00+07:00',
  dueAt: '2026-11-25T17:00:00+07:00',
  handlingUnit: { code: 'H29.01.26734', name: online.handlingUnit.name },
  history: [step('step-1', '2026-11-22T08:30:00+07:00', 'Tiếp nhận hồ sơ trực tuyến', 'received')],
};
const stages: { title: string; dossier: DossierSnapshotInput }[] = [
  { title: 'received at the one-stop counter', dossier: received },
  {
    title: 'processing at the justice section',
    dossier: {
      ...received,
      version: 2,
      status: 'processing',
      history: [...(received.history ?? []), step('step-2', '2026-11-22T09:10:00+07:00', 'Chuyển bộ phận tư pháp xử lý', 'processing', 'Phạm Thị Hoa')],
    },
  },
  {
    title: 'done, result ready',
    dossier: {
      ...received,
      version: 3,
      status: 'done',
      finishedAt: '2026-11-23T10:00:00+07:00',
      results: [{ id: 'res-1', name: 'Giấy khai sinh bản chính', url: 'https://dms.tphcm.example/results/res-1.pdf' }],
      history: [
        ...(received.history ?? []),
        step('step-2', '2026-11-22T09:10:00+07:00', 'Chuyển bộ phận tư pháp xử lý', 'processing', 'Phạm Thị Hoa'),
        step('step-3', '2026-11-23T10:00:00+07:00', 'Ký duyệt, có kết quả', 'done', 'Trần Quốc Toản'),
      ],
    },
  },
];
stages.push({
  title: 'result returned to the citizen',
  dossier: {
    ...stages[2]!.dossier,
    version: 4,
    status: 'returned',
    returnedAt: '2026-11-24T08:45:00+07:00',
    history: [...(stages[2]!.dossier.history ?? []), step('step-4', '2026-11-24T08:45:00+07:00', 'Trả kết quả cho công dân', 'returned')],
  },
});

/** The citizen pays the dossier's fees online; the portal then shows the dossier as paid online. */
async function payFees(): Promise<void> {
  const paymentUrl = twin.simulators.payment!;
  const opened = await getJson(`${twin.gatewayUrl}/v1/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${twin.apiKey}`, 'content-type': 'application/json', 'idempotency-key': `demo-${code}` },
    body: JSON.stringify({
      dossierCode: code,
      fees: [{ code: 'LPHT', name: 'Lệ phí đăng ký hộ tịch', amount: 8000 }],
      payer: { name: online.applicant.name },
      returnUrl: 'https://dichvucong.hochiminhcity.gov.vn/thanh-toan/ket-qua',
    }),
  });
  console.log(`   payment opened at PayGov: ${opened.reference}, 8.000 ₫, pay at ${opened.payUrl}`);
  const paid = await getJson(`${paymentUrl}/_actions/pay/${opened.reference}`, { method: 'POST', body: JSON.stringify({ outcome: 'success' }) });
  console.log(`   citizen pays → PayGov confirms → gateway answers MaLoi ${paid.answer.MaLoi} (${paid.answer.MoTaLoi})`);
  const payment = await getJson(`${twin.gatewayUrl}/v1/payments/${opened.reference}`, { headers: { authorization: `Bearer ${twin.apiKey}` } });
  for (let tries = 0; tries < 100; tries++) {
    const atPortal = await getJson(`${portalUrl}/_inspect/dossiers/${code}`);
    if (atPortal.dossier?.DuocThanhToanTrucTuyen === '1') {
      console.log(`   payment ${payment.status}; portal now holds DuocThanhToanTrucTuyen=1 (paid online), fee LPHT collected online (HinhThucThu=${atPortal.dossier.DanhSachLePhi.find((f: Json) => f.MaPhiLePhi === 'LPHT')?.HinhThucThu})\n`);
      return;
    }
    await pause(100);
  }
  throw new Error('the portal never showed the payment');
}

async function waitForAck(version: number): Promise<Json> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const view = await getJson(`${twin.gatewayUrl}/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${twin.apiKey}` } });
    if (view.sync?.portal?.ackVersion === version) return view;
    if (Date.now() > deadline) throw new Error(`the portal did not acknowledge version ${version}: ${JSON.stringify(view.sync)}`);
    await pause(100);
  }
}

try {
  for (const [index, stage] of stages.entries()) {
    const put = await fetch(`${twin.gatewayUrl}/v1/dossiers/${code}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${twin.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(stage.dossier),
    });
    const accepted = (await put.json()) as Json;
    const view = await waitForAck(stage.dossier.version);
    const portal = await getJson(`${portalUrl}/_inspect/dossiers/${code}`);
    console.log(`${index + 1}. city → gateway: version ${stage.dossier.version}, ${stage.title}  [PUT ${put.status} ${accepted.outcome}]`);
    console.log(`   gateway sync: ${view.sync.portal.state}, portal acknowledged version ${view.sync.portal.ackVersion} after ${view.sync.portal.attempts} attempt(s)`);
    console.log(`   portal holds: TrangThaiHoSo=${portal.dossier.TrangThaiHoSo}, NgayKetThucXuLy=${portal.dossier.NgayKetThucXuLy ?? '-'}, NgayTra=${portal.dossier.NgayTra ?? '-'}, ${portal.dossier.DanhSachGiayToKetQua.length} result document(s)`);
    console.log(`   portal history: ${portal.history.map((s: { TrangThai: string; NoiDungXuLy: string }) => `[${s.TrangThai}] ${s.NoiDungXuLy}`).join(' → ')}\n`);
    if (index === 1) await payFees();
  }
  const calls = await getJson(`${portalUrl}/_inspect/calls`);
  const byService = calls.calls.reduce((acc: Record<string, number>, c: { service: string }) => ({ ...acc, [c.service]: (acc[c.service] ?? 0) + 1 }), {});
  console.log(`portal calls: ${JSON.stringify(byService)}, logins ${calls.logins}`);
} finally {
  await twin.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
