import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { CitizenLookupRequest } from '../../../../contracts/identity/population-db';
import { FaultInjector } from '../fault-knobs';
import { readJson, sendJson } from '../sim-http';
import type { SyntheticCitizen } from './citizens';
import { dateOfBirthOf, fullNameOf, generatePopulation } from './citizens';

const escapeXml = (value: string) => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The SOAP envelope the national platform answers with (PARTNERS.md §2), addresses and all. */
function envelope(citizen: SyntheticCitizen | undefined): string {
  const record = citizen
    ? `<CongDan>
        <SoDinhDanh>${citizen.personalId}</SoDinhDanh>${citizen.legacyId ? `<SoCMND>${citizen.legacyId}</SoCMND>` : ''}
        <HoVaTen><Ho>${escapeXml(citizen.family)}</Ho><ChuDem>${escapeXml(citizen.middle)}</ChuDem><Ten>${escapeXml(citizen.given)}</Ten></HoVaTen>
        <GioiTinh>${citizen.sex === 'male' ? 1 : 2}</GioiTinh>
        <NgayThangNamSinh><Nam>${citizen.birthYear}</Nam>${citizen.birthDate ? `<NgayThangNam>${citizen.birthDate}</NgayThangNam>` : ''}</NgayThangNamSinh>
        <QuocTich>VN</QuocTich><DanToc>01</DanToc><TonGiao>00</TonGiao><TinhTrangHonNhan>1</TinhTrangHonNhan><NhomMau>O</NhomMau>
        <NoiDangKyKhaiSinh><MaTinhThanh>${citizen.provinceCode}</MaTinhThanh><QuocGia>VN</QuocGia></NoiDangKyKhaiSinh>
        <ThuongTru><MaTinhThanh>079</MaTinhThanh><MaQuanHuyen>760</MaQuanHuyen><MaPhuongXa>26734</MaPhuongXa><ChiTiet>12 Lê Lợi</ChiTiet><QuocGia>VN</QuocGia></ThuongTru>
        <Cha><HoVaTen>${escapeXml(citizen.family)} Văn Bố</HoVaTen><QuocTich>VN</QuocTich></Cha>
      </CongDan>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://csdlqg.dancu.gov.vn/">
  <soap:Body><ns:CongdanCollection>${record}</ns:CongdanCollection></soap:Body>
</soap:Envelope>`;
}

/**
 * The population database behind the city's relay: about 1,000 synthetic citizens seeded
 * deterministically, answering lookups in the SOAP-in-JSON format, with the shared fault knobs.
 */
export class IdentitySimulator {
  readonly faults = new FaultInjector();
  readonly population = generatePopulation();
  private readonly byPersonalId = new Map(this.population.map((c) => [c.personalId, c]));
  private readonly byLegacyId = new Map(this.population.filter((c) => c.legacyId).map((c) => [c.legacyId as string, c]));
  /** Lookups that reached the relay, answered or not. */
  lookups = 0;
  readonly server: Server;

  constructor(private readonly credentials: { token: string; integrationCode: string }) {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error_code: '500', message: (error as Error).message });
      });
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://identity');
    if (request.method === 'GET' && url.pathname === '/_inspect/sample') {
      const count = Math.min(50, Number(url.searchParams.get('count') ?? 5) || 5);
      return sendJson(response, 200, {
        lookups: this.lookups,
        citizens: this.population.slice(0, count).map((c) => ({
          personalId: c.personalId,
          legacyId: c.legacyId,
          fullName: fullNameOf(c),
          dateOfBirth: dateOfBirthOf(c),
          sex: c.sex,
        })),
      });
    }
    if (url.pathname === '/_faults') {
      if (request.method === 'POST') {
        try {
          this.faults.update((await readJson(request)) ?? {});
        } catch (error) {
          return sendJson(response, 400, { message: (error as Error).message });
        }
      }
      return sendJson(response, 200, this.faults.current);
    }
    if (request.method === 'POST' && url.pathname === '/lookup') return this.lookup(request, response);
    sendJson(response, 404, { message: `no such endpoint ${request.method} ${url.pathname}` });
  }

  private async lookup(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    // Counted on arrival: a lookup that then times out still reached the relay.
    this.lookups++;
    if (await this.faults.intercept(response)) return;
    if (request.headers.authorization !== `Bearer ${this.credentials.token}`) {
      return sendJson(response, 401, { error_code: '401', message: 'Không có quyền truy cập' });
    }
    const parsed = CitizenLookupRequest.safeParse(body);
    if (!parsed.success || parsed.data.MaTichHop !== this.credentials.integrationCode) {
      return sendJson(response, 200, { error_code: '2', message: 'Yêu cầu không hợp lệ' });
    }
    const citizen = parsed.data.SoDinhDanh ? this.byPersonalId.get(parsed.data.SoDinhDanh) : this.byLegacyId.get(parsed.data.SoCMND ?? '');
    sendJson(response, 200, { error_code: '0', message: envelope(citizen) });
  }
}
