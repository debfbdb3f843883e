/**
 * How a partner call failed, as the workers need to know it: retry later (network, timeout,
 * 5xx, 429, quota, expired credentials) or give up and dead-letter (the partner rejected the
 * content). `code` is short and safe to log and show in GET.
 */
export class PartnerRetryableError extends Error {
  override readonly name: string = 'PartnerRetryableError';
  readonly retryable = true;
  constructor(
    readonly code: string,
    message: string,
    /** The partner's own Retry-After, when it sent one. */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class PartnerRejectedError extends Error {
  override readonly name = 'PartnerRejectedError';
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The circuit to a partner is open: callers are refused at once until the next probe. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  constructor(readonly retryAfterSeconds: number) {
    super('the circuit to the partner is open');
  }
}

/**
 * The request may or may not have been applied: it left, and no answer came back (a timeout, a
 * reset connection, a proxy's 502/504). Retried like any retryable failure, but the next attempt
 * must first ask the partner what it holds instead of resending blindly (DESIGN.md §6).
 */
export class PartnerOutcomeUnknownError extends PartnerRetryableError {
  override readonly name = 'PartnerOutcomeUnknownError';
  readonly outcomeUnknown = true;
}
