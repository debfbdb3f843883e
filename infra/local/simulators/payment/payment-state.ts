/**
 * What the simulated platform holds: each transaction the gateway opened (PayGov INIT or the
 * VNPay payment URL), the citizen's outcome once decided, and every confirmation sent for it.
 */

/** Which system confirms the payment to the gateway, and so in which wire format. */
export type PaymentChannel = 'paygov' | 'vnpay' | 'momo';

/** What the citizen did on the payment page. */
export type PaymentOutcome = 'success' | 'fail' | 'cancel';
export const paymentOutcomes = ['success', 'fail', 'cancel'] as const satisfies readonly PaymentOutcome[];

export interface PaymentFee {
  readonly LoaiPhiLePhi: string;
  readonly MaPhiLePhi: string;
  readonly TenPhiLePhi: string;
  readonly SoTien: number;
}

/** One confirmation as it went out, and what the gateway answered (status 0: no answer). */
export interface SentConfirmation {
  readonly at: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** The JSON body for PayGov and MoMo; VNPay's IPN carries everything in the query string. */
  readonly body?: unknown;
  readonly status: number;
  readonly answer: unknown;
  readonly error?: string;
}

/** A confirmation the `dropConfirmations` knob kept back: what would have gone out. */
export interface DroppedConfirmation {
  readonly at: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: unknown;
}

export interface PaymentDecision {
  readonly outcome: PaymentOutcome;
  readonly decidedAt: string;
  /** The platform's own id (MaGiaoDich, vnp_TransactionNo or MoMo transId). */
  readonly transactionId: string;
}

export interface PaymentTransaction {
  readonly reference: string;
  readonly channel: PaymentChannel;
  /** VND, an integer. */
  readonly amount: number;
  readonly description: string;
  /** MaNganHang from INIT or vnp_BankCode from the payment URL; empty when the payer chooses. */
  readonly bankCode: string;
  readonly fees: readonly PaymentFee[];
  /** The receipt block of a PayGov INIT (dossier, payer), kept for the payment page. */
  readonly receipt?: Readonly<Record<string, unknown>>;
  readonly returnUrl?: string;
  readonly createdAt: string;
  decision?: PaymentDecision;
  readonly confirmations: SentConfirmation[];
  readonly dropped: DroppedConfirmation[];
}

export type NewTransaction = Omit<PaymentTransaction, 'createdAt' | 'decision' | 'confirmations' | 'dropped'>;

export class PaymentState {
  readonly transactions = new Map<string, PaymentTransaction>();

  /**
   * Opens a transaction, or returns the one already under this reference when the amount is the
   * same (a retried INIT, a reloaded payment URL). A different amount is a conflict: undefined.
   */
  open(transaction: NewTransaction): { transaction: PaymentTransaction; created: boolean } | undefined {
    const existing = this.transactions.get(transaction.reference);
    if (existing) return existing.amount === transaction.amount ? { transaction: existing, created: false } : undefined;
    const created: PaymentTransaction = { ...transaction, createdAt: new Date().toISOString(), confirmations: [], dropped: [] };
    this.transactions.set(created.reference, created);
    return { transaction: created, created: true };
  }

  get(reference: string): PaymentTransaction | undefined {
    return this.transactions.get(reference);
  }

  reset(): void {
    this.transactions.clear();
  }
}
