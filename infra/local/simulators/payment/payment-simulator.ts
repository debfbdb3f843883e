import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { FaultInjector } from '../fault-knobs';
import { readRaw, sendJson } from '../sim-http';
import { confirmationFor, newTransactionId } from './confirmation-messages';
import { ConfirmationKnobUpdate, ConfirmationSender } from './confirmation-sender';
import { paygovErrorCodes, paygovInit, paygovQuery } from './paygov-endpoints';
import type { PaymentCredentials } from './payment-credentials';
import { missingPaymentPage, paymentPage } from './payment-page';
import { paymentOutcomes, PaymentState } from './payment-state';
import { vnpayPay } from './vnpay-endpoints';

const PayAction = z.strictObject({ outcome: z.enum(paymentOutcomes) });

/**
 * The national payment platform (PayGov) with its VNPay and MoMo channels, as the gateway sees
 * them (PARTNERS.md §3): INIT and QUERY with MaXacThuc, VNPay's signed payment URL, a payment page
 * for the citizen, and the signed confirmations each channel sends back once the citizen acts
 * (`POST /_actions/pay/<reference>`). Shared fault knobs apply to INIT and QUERY, the calls the
 * gateway makes; the confirmation knobs shape the calls it receives.
 */
export class PaymentSimulator {
  readonly state = new PaymentState();
  readonly faults = new FaultInjector();
  readonly confirmations = new ConfirmationSender();
  readonly server: Server;

  constructor(private readonly credentials: PaymentCredentials) {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error_code: '99', message: (error as Error).message });
      });
    });
  }

  /** Where the simulator listens; payment URLs point here. */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('the payment simulator is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://payment');
    const reference = (pattern: RegExp) => {
      const match = pattern.exec(url.pathname)?.[1];
      return match === undefined ? undefined : decodeURIComponent(match);
    };

    if (request.method === 'POST' && url.pathname === '/paygov/init') return this.paygov(request, response, paygovInit);
    if (request.method === 'POST' && url.pathname === '/paygov/query') return this.paygov(request, response, paygovQuery);
    if (request.method === 'GET' && url.pathname === '/vnpay/pay') return this.vnpayPage(url.searchParams, response);
    const page = reference(/^\/pay\/([^/]+)$/);
    if (request.method === 'GET' && page !== undefined) return this.page(page, response);
    const pay = reference(/^\/_actions\/pay\/([^/]+)$/);
    if (request.method === 'POST' && pay !== undefined) return this.pay(pay, request, response);

    if (request.method === 'GET' && url.pathname === '/_inspect/payments') return sendJson(response, 200, { payments: [...this.state.transactions.values()] });
    const inspected = reference(/^\/_inspect\/payments\/([^/]+)$/);
    if (request.method === 'GET' && inspected !== undefined) {
      const transaction = this.state.get(inspected);
      return transaction ? sendJson(response, 200, transaction) : sendJson(response, 404, { message: `the platform has no transaction ${inspected}` });
    }
    if (url.pathname === '/_faults') return this.faultKnobs(request, response);
    if (request.method === 'POST' && url.pathname === '/_reset') {
      this.state.reset();
      this.faults.reset();
      this.confirmations.reset();
      return sendJson(response, 200, { reset: true });
    }
    sendJson(response, 404, { error_code: '404', message: `no such endpoint ${request.method} ${url.pathname}` });
  }

  private async paygov(request: IncomingMessage, response: ServerResponse, endpoint: typeof paygovInit): Promise<void> {
    const raw = await readRaw(request);
    if (await this.faults.intercept(response)) return;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(response, 200, { error_code: paygovErrorCodes.invalidRequest, message: 'Dữ liệu không phải JSON hợp lệ' });
    }
    // The platform answers HTTP 200 and puts the outcome in error_code, success or not.
    sendJson(response, 200, endpoint(body, { state: this.state, credentials: this.credentials.paygov, simulatorUrl: this.url }));
  }

  private vnpayPage(query: URLSearchParams, response: ServerResponse): void {
    const result = vnpayPay(query, { state: this.state, credentials: this.credentials.vnpay });
    if ('text' in result) {
      response.writeHead(result.status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(result.text);
      return;
    }
    sendHtml(response, 200, paymentPage(result.transaction, this.url));
  }

  private page(reference: string, response: ServerResponse): void {
    const transaction = this.state.get(reference);
    if (!transaction) return sendHtml(response, 404, missingPaymentPage(reference));
    sendHtml(response, 200, paymentPage(transaction, this.url));
  }

  /**
   * The citizen's decision, then the confirmation the channel sends. Takes JSON (curl, tests) or
   * the payment page's form. A decided transaction stays decided: paying again needs a new INIT.
   */
  private async pay(reference: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const transaction = this.state.get(reference);
    if (!transaction) return sendJson(response, 404, { message: `the platform has no transaction ${reference}` });
    const raw = await readRaw(request);
    const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    let body: unknown;
    try {
      body = isForm ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw || '{}');
    } catch {
      return sendJson(response, 400, { message: 'body must be JSON {"outcome": "success" | "fail" | "cancel"}' });
    }
    const action = PayAction.safeParse(body);
    if (!action.success) return sendJson(response, 400, { message: 'body must be {"outcome": "success" | "fail" | "cancel"}' });
    if (transaction.decision) return sendJson(response, 409, { message: `Giao dịch ${reference} đã được xử lý`, decision: transaction.decision });
    if (!this.confirmations.ready) return sendJson(response, 503, { message: 'the payment simulator has no gateway to confirm to' });

    const at = new Date();
    // Decided before anything is sent, so QUERY reflects the outcome even if the confirmation is lost.
    const decision = { outcome: action.data.outcome, decidedAt: at.toISOString(), transactionId: newTransactionId(transaction.channel, at) };
    transaction.decision = decision;
    const delivery = await this.confirmations.deliver(transaction, confirmationFor(transaction, decision, this.credentials));
    const first = delivery.sent[0];
    sendJson(response, 200, {
      reference,
      channel: transaction.channel,
      ...decision,
      dropped: delivery.dropped,
      ...(first ? { status: first.status, answer: first.answer } : {}),
      sent: delivery.sent,
    });
  }

  private async faultKnobs(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await readRaw(request)) || '{}') as Record<string, unknown>;
      } catch {
        return sendJson(response, 400, { message: 'knobs must be a JSON object' });
      }
      const { dropConfirmations, duplicateConfirmations, confirmationDelayMs, ...shared } = body;
      const own = ConfirmationKnobUpdate.safeParse({ dropConfirmations, duplicateConfirmations, confirmationDelayMs });
      if (!own.success) return sendJson(response, 400, { message: own.error.message });
      try {
        this.faults.update(shared);
      } catch (error) {
        return sendJson(response, 400, { message: (error as Error).message });
      }
      this.confirmations.update(own.data);
    }
    sendJson(response, 200, { ...this.faults.current, ...this.confirmations.settings });
  }
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
}
