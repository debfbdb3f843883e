import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import * as z from 'zod';
import { FaultInjector } from '../fault-knobs';
import { readRaw, sendJson } from '../sim-http';

interface Delivery {
  readonly id: string;
  readonly type: string;
  readonly dossierCode?: string;
  readonly firstReceivedAt: string;
  timesReceived: number;
  readonly body: unknown;
}

/** Knobs only the city system has: answer some events with an error status. */
const CityKnobs = z.strictObject({
  rejectWith: z.strictObject({ status: z.int().min(400).max(599), types: z.array(z.string()).default([]) }).nullable().optional(),
});

/**
 * The city's one-stop-shop dossier system, receiving the gateway's deliveries: verifies each
 * Standard Webhooks signature with the city endpoint's secret (the reference library, not the
 * gateway's code), keeps each event once by webhook-id, counts resends.
 */
export class CitySimulator {
  readonly faults = new FaultInjector();
  readonly deliveries = new Map<string, Delivery>();
  rejectedSignatures = 0;
  private rejectWith: { status: number; types: string[] } | null = null;
  readonly server: Server;

  constructor(private readonly secret: string) {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { message: (error as Error).message });
      });
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://city');
    if (request.method === 'POST' && url.pathname === '/intake') return this.intake(request, response);
    if (request.method === 'GET' && url.pathname === '/_inspect/traffic') return sendJson(response, 200, this.faults.counters);
    if (request.method === 'GET' && url.pathname === '/_inspect/deliveries') {
      return sendJson(response, 200, {
        rejectedSignatures: this.rejectedSignatures,
        deliveries: [...this.deliveries.values()].map(({ body: _body, ...summary }) => summary),
      });
    }
    const one = /^\/_inspect\/deliveries\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && one?.[1]) {
      const delivery = this.deliveries.get(decodeURIComponent(one[1]));
      return delivery ? sendJson(response, 200, delivery) : sendJson(response, 404, { message: 'not delivered' });
    }
    if (url.pathname === '/_faults') {
      if (request.method === 'POST') {
        const { rejectWith, ...shared } = JSON.parse((await readRaw(request)) || '{}') as Record<string, unknown>;
        const knobs = CityKnobs.safeParse({ rejectWith });
        if (!knobs.success) return sendJson(response, 400, { message: knobs.error.message });
        try {
          this.faults.update(shared);
        } catch (error) {
          return sendJson(response, 400, { message: (error as Error).message });
        }
        if (knobs.data.rejectWith !== undefined) this.rejectWith = knobs.data.rejectWith;
      }
      return sendJson(response, 200, { ...this.faults.current, rejectWith: this.rejectWith });
    }
    if (request.method === 'POST' && url.pathname === '/_reset') {
      this.deliveries.clear();
      this.faults.reset();
      this.rejectWith = null;
      this.rejectedSignatures = 0;
      return sendJson(response, 200, { reset: true });
    }
    sendJson(response, 404, { message: `no such endpoint ${request.method} ${url.pathname}` });
  }

  private async intake(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readRaw(request);
    if (await this.faults.intercept(response)) return;
    let body: { type?: string; data?: { dossierCode?: string; dossier?: { dossierCode?: string } } };
    try {
      body = new Webhook(this.secret).verify(raw, request.headers as Record<string, string>) as typeof body;
    } catch {
      this.rejectedSignatures++;
      return sendJson(response, 401, { message: 'chữ ký không hợp lệ' });
    }
    const id = String(request.headers['webhook-id']);
    const type = String(body.type);
    if (this.rejectWith && (this.rejectWith.types.length === 0 || this.rejectWith.types.includes(type))) {
      return sendJson(response, this.rejectWith.status, { message: `sự kiện ${type} không được chấp nhận` });
    }
    const existing = this.deliveries.get(id);
    if (existing) existing.timesReceived++;
    else {
      this.deliveries.set(id, {
        id,
        type,
        dossierCode: body.data?.dossierCode ?? body.data?.dossier?.dossierCode,
        firstReceivedAt: new Date().toISOString(),
        timesReceived: 1,
        body,
      });
    }
    sendJson(response, 200, { received: id });
  }
}
