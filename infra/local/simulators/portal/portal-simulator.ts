import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import * as z from 'zod';
import { DongBoHoSoMCRequest, TraCuuHoSoRequest } from '../../../../contracts/portal/dossier';
import { PortalLoginRequest } from '../../../../contracts/portal/envelope';
import { CapNhatTienDoHoSoMCRequest } from '../../../../contracts/portal/progress';
import { FaultInjector } from '../fault-knobs';
import { AmbiguityFaults, AmbiguityKnobs } from './ambiguity-knobs';
import { readJson, sendJson } from '../sim-http';
import { onlineDossier, portalNow } from './online-dossier';
import { PortalCallbackSender } from './portal-callbacks';
import { PortalState } from './portal-state';
import { evaluate } from './evaluation';

/** Knobs only the portal has, on top of the shared fault knobs. */
const PortalKnobs = z.strictObject({
  sessionTtlSeconds: z.int().min(1).max(86_400).optional(),
  /** One-shot: every open session becomes invalid now. */
  expireSessions: z.boolean().optional(),
  /** Dossier codes whose DongBoHoSoMC is refused with a validation error (permanent). */
  rejectDossiers: z.array(z.string()).optional(),
});

export interface PortalSimulatorOptions {
  readonly username: string;
  readonly password: string;
}

/**
 * The National Public Service Portal as the gateway sees it through the LGSP (PARTNERS.md §1):
 * login with expiring sessions, DongBoHoSoMC, CapNhatTienDoHoSoMC and TraCuuHoSo, each payload
 * validated against contracts/portal, plus inspection and fault knobs for tests and demos.
 */
export class PortalSimulator {
  readonly state = new PortalState();
  readonly faults = new FaultInjector();
  readonly ambiguity = new AmbiguityFaults();
  /** Calls held by the `applyLate` knob without a timer, applied by `POST /_actions/apply-late`. */
  private readonly heldCalls: (() => void)[] = [];
  readonly callbacks = new PortalCallbackSender();
  private sessionTtlSeconds = 1800;
  private rejected = new Set<string>();
  /** Dossiers a citizen rated badly (the portal's satisfaction indicator; the gateway cannot count them). */
  private readonly negativelyRated = new Set<string>();
  readonly server: Server;

  constructor(private readonly options: PortalSimulatorOptions) {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error_code: '500', message: (error as Error).message });
      });
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://portal');
    const inspect = /^\/_inspect\/dossiers\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && inspect?.[1]) return this.inspectDossier(decodeURIComponent(inspect[1]), response);
    if (request.method === 'GET' && url.pathname === '/_inspect/calls') return sendJson(response, 200, { logins: this.state.logins, calls: this.state.calls });
    if (request.method === 'GET' && url.pathname === '/_inspect/traffic') return sendJson(response, 200, this.faults.counters);
    if (url.pathname === '/_faults') return this.faultKnobs(request, response);
    if (request.method === 'POST' && url.pathname === '/_reset') {
      this.state.reset();
      this.faults.reset();
      this.ambiguity.reset();
      this.heldCalls.length = 0;
      this.rejected.clear();
      this.negativelyRated.clear();
      return sendJson(response, 200, { reset: true });
    }
    if (request.method === 'POST' && url.pathname === '/_actions/apply-late') {
      const held = this.heldCalls.splice(0);
      for (const apply of held) apply();
      return sendJson(response, 200, { applied: held.length });
    }
    const action = /^\/_actions\/(submit|withdraw|supplement|rate|resend)$/.exec(url.pathname);
    if (request.method === 'POST' && action?.[1]) return this.citizenAction(action[1], request, response);
    if (request.method === 'GET' && url.pathname === '/_inspect/callbacks') return sendJson(response, 200, { callbacks: [...this.callbacks.sent.values()] });
    const evaluation = /^\/api\/v1\/reporting\/evaluation\/([a-z-]+)$/.exec(url.pathname);
    if (request.method === 'POST' && evaluation?.[1]) {
      const answer = evaluate(evaluation[1], await readJson(request), { dossiers: this.state.dossiers.values(), negativelyRated: this.negativelyRated, now: new Date() });
      return sendJson(response, answer.status, answer.body);
    }
    if (request.method === 'POST' && url.pathname === '/auth/login') return this.login(request, response);
    if (request.method === 'POST' && url.pathname === '/service') return this.service(request, response);
    sendJson(response, 404, { error_code: '404', message: `no such endpoint ${request.method} ${url.pathname}` });
  }

  /**
   * What a citizen does on the portal, turned into the signed callback the portal sends the city
   * through the gateway. Answers with the webhook id and the gateway's answer.
   */
  private async citizenAction(action: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = ((await readJson(request)) ?? {}) as Record<string, any>;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const code = typeof body.dossierCode === 'string' ? body.dossierCode : `000.00.21.H29-${portalNow().slice(2, 8)}-${String(Math.floor(Math.random() * 9999)).padStart(4, '0')}`;
    let sent: Awaited<ReturnType<PortalCallbackSender['send']>>;
    switch (action) {
      case 'submit': {
        const dossier = onlineDossier(code, body.overrides ?? {});
        this.state.dossiers.set(code, { dossier, history: [], versions: [] });
        sent = await this.callbacks.send('dossier.submitted', { dossier });
        break;
      }
      case 'withdraw':
        sent = await this.callbacks.send('dossier.withdrawal_requested', { dossierCode: code, reason: body.reason ?? 'Công dân không còn nhu cầu', requestedAt: now });
        break;
      case 'supplement':
        sent = await this.callbacks.send('dossier.supplement_submitted', {
          dossierCode: code,
          supplementRequestId: body.supplementRequestId ?? 'sup-1',
          documents: body.documents ?? [{ name: 'Bản sao giấy kết hôn', url: `https://dichvucong.gov.example/files/${encodeURIComponent(code)}/bs-1.pdf` }],
          submittedAt: now,
        });
        break;
      case 'rate':
        // A rating of 1 or 2 counts against the unit's satisfaction score on the portal.
        if ((body.score ?? 5) <= 2) this.negativelyRated.add(code);
        sent = await this.callbacks.send('dossier.rated', { dossierCode: code, score: body.score ?? 5, comment: body.comment, ratedAt: now });
        break;
      default:
        if (typeof body.webhookId !== 'string') return sendJson(response, 400, { message: 'webhookId is required' });
        sent = await this.callbacks.resend(body.webhookId);
    }
    sendJson(response, 200, { dossierCode: code, ...sent });
  }

  private inspectDossier(code: string, response: ServerResponse): void {
    const held = this.state.dossiers.get(code);
    if (!held) return sendJson(response, 404, { message: `the portal has no dossier ${code}`, calls: this.state.callsFor(code) });
    sendJson(response, 200, { dossier: held.dossier, history: held.history, received: held.versions, calls: this.state.callsFor(code) });
  }

  private async faultKnobs(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'POST') {
      const body = ((await readJson(request)) ?? {}) as Record<string, unknown>;
      const { sessionTtlSeconds, expireSessions, rejectDossiers, loseAnswers, applyLate, lookupHistory, ...shared } = body;
      const portal = PortalKnobs.safeParse({ sessionTtlSeconds, expireSessions, rejectDossiers });
      if (!portal.success) return sendJson(response, 400, { message: portal.error.message });
      const ambiguity = AmbiguityKnobs.safeParse({ loseAnswers, applyLate, lookupHistory });
      if (!ambiguity.success) return sendJson(response, 400, { message: ambiguity.error.message });
      try {
        this.faults.update(shared);
      } catch (error) {
        return sendJson(response, 400, { message: (error as Error).message });
      }
      if (portal.data.sessionTtlSeconds) this.sessionTtlSeconds = portal.data.sessionTtlSeconds;
      if (portal.data.expireSessions) this.state.expireAllSessions();
      if (portal.data.rejectDossiers) this.rejected = new Set(portal.data.rejectDossiers);
      this.ambiguity.update(ambiguity.data);
    }
    sendJson(response, 200, {
      ...this.faults.current,
      ...this.ambiguity.current,
      heldCalls: this.heldCalls.length,
      sessionTtlSeconds: this.sessionTtlSeconds,
      rejectDossiers: [...this.rejected],
    });
  }

  private async login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (await this.faults.intercept(response)) return this.state.record({ service: 'login', outcome: 'fault', dossierCodes: [] });
    const body = PortalLoginRequest.safeParse(await readJson(request));
    if (!body.success || body.data.username !== this.options.username || body.data.password !== this.options.password) {
      this.state.record({ service: 'login', outcome: 'rejected', errorCode: '401', dossierCodes: [] });
      return sendJson(response, 200, { error_code: '401', message: 'Sai tên đăng nhập hoặc mật khẩu' });
    }
    this.state.record({ service: 'login', outcome: 'accepted', dossierCodes: [] });
    sendJson(response, 200, { error_code: 0, message: 'Thành công', session: this.state.openSession(this.sessionTtlSeconds) });
  }

  private async service(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = ((await readJson(request)) ?? {}) as Record<string, unknown>;
    const service = String(body.service ?? '');
    const codes = dossierCodesOf(body);
    if (await this.faults.intercept(response)) return this.state.record({ service, outcome: 'fault', dossierCodes: codes });
    const isUpdating = body.isUpdating as string | undefined;
    // A session already invalid is answered at once, whatever the ambiguity knobs say.
    const fate = this.state.isSessionValid(body.session) ? this.ambiguity.fateOf(service, codes) : { kind: 'answer' as const };
    const apply = (delivery?: 'answer-lost' | 'applied-late') => {
      const outcome = this.execute(service, body);
      this.state.record({ service, outcome: outcome.status, errorCode: outcome.errorCode, dossierCodes: codes, isUpdating, delivery });
      return outcome;
    };
    switch (fate.kind) {
      case 'answer': {
        const { errorCode, message, result } = apply();
        return sendJson(response, 200, { error_code: errorCode, message, ...(result === undefined ? {} : { result }) });
      }
      case 'lose-answer':
        apply('answer-lost');
        response.socket?.destroy();
        return;
      case 'apply-late': {
        // No answer now: the client times out; the portal applies the request afterwards.
        const late = () => {
          apply('applied-late');
          response.socket?.destroy();
        };
        if (fate.applyAfterMs === undefined) this.heldCalls.push(late);
        else setTimeout(late, fate.applyAfterMs).unref();
        return;
      }
    }
  }

  /** Applies one service call to the portal's state and says how it would be answered. */
  private execute(service: string, body: Record<string, unknown>): { status: 'accepted' | 'rejected'; errorCode: string; message: string; result?: unknown } {
    const answer = (status: 'accepted' | 'rejected', errorCode: string, message: string, result?: unknown) => ({ status, errorCode, message, result });
    if (!this.state.isSessionValid(body.session)) return answer('rejected', '-1', 'Phiên làm việc không hợp lệ hoặc đã hết hạn');

    switch (service) {
      case 'DongBoHoSoMC': {
        const parsed = DongBoHoSoMCRequest.safeParse(body);
        if (!parsed.success) return answer('rejected', '2', `Dữ liệu không hợp lệ: ${describe(parsed.error)}`);
        for (const dossier of parsed.data.data) {
          if (this.rejected.has(dossier.MaHoSo)) return answer('rejected', '2', `Hồ sơ ${dossier.MaHoSo} bị từ chối: mã TTHC không thuộc đơn vị`);
          const held = this.state.dossiers.has(dossier.MaHoSo);
          if (parsed.data.isUpdating === 'False' && held) return answer('rejected', '409', `Hồ sơ ${dossier.MaHoSo} đã tồn tại`);
          if (parsed.data.isUpdating === 'True' && !held) return answer('rejected', '404', `Không tìm thấy hồ sơ ${dossier.MaHoSo}`);
        }
        for (const dossier of parsed.data.data) {
          const held = this.state.dossiers.get(dossier.MaHoSo);
          const receivedSyncAt = held?.receivedSyncAt ?? (dossier.NgayTiepNhan ? Date.now() : undefined);
          if (held) {
            held.dossier = dossier;
            held.versions.push(dossier);
            if (receivedSyncAt !== undefined) held.receivedSyncAt = receivedSyncAt;
          } else {
            this.state.dossiers.set(dossier.MaHoSo, { dossier, history: [], versions: [dossier], ...(receivedSyncAt !== undefined ? { receivedSyncAt } : {}) });
          }
        }
        return answer('accepted', '0', 'Đồng bộ thành công');
      }
      case 'CapNhatTienDoHoSoMC': {
        const parsed = CapNhatTienDoHoSoMCRequest.safeParse(body);
        if (!parsed.success) return answer('rejected', '2', `Dữ liệu không hợp lệ: ${describe(parsed.error)}`);
        const missing = parsed.data.data.find((step) => !this.state.dossiers.has(step.MaHoSo));
        if (missing) return answer('rejected', '404', `Không tìm thấy hồ sơ ${missing.MaHoSo}`);
        for (const step of parsed.data.data) this.state.dossiers.get(step.MaHoSo)?.history.push(step);
        return answer('accepted', '0', 'Cập nhật tiến độ thành công');
      }
      case 'TraCuuHoSo': {
        const parsed = TraCuuHoSoRequest.safeParse(body);
        if (!parsed.success) return answer('rejected', '2', `Dữ liệu không hợp lệ: ${describe(parsed.error)}`);
        const held = this.state.dossiers.get(parsed.data.mahoso);
        if (!held) return answer('rejected', '404', `Không tìm thấy hồ sơ ${parsed.data.mahoso}`);
        return answer('accepted', '0', 'Thành công', [this.ambiguity.lookupHistory ? { ...held.dossier, QuaTrinhXuLy: held.history } : held.dossier]);
      }
      default:
        return answer('rejected', '2', `Dịch vụ không hỗ trợ: ${service}`);
    }
  }
}

function dossierCodesOf(body: Record<string, unknown>): string[] {
  if (typeof body.mahoso === 'string') return [body.mahoso];
  if (!Array.isArray(body.data)) return [];
  return [...new Set(body.data.map((item) => (item as { MaHoSo?: unknown })?.MaHoSo).filter((c): c is string => typeof c === 'string'))];
}

function describe(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');
}
