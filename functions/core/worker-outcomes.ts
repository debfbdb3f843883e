/** The message cannot succeed as it is: record why and move it to the dead-letter queue now. */
export class DeadLetterError extends Error {
  constructor(
    readonly reasonCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** The message may succeed later: make it visible again after `delaySeconds`. */
export class RetryLaterError extends Error {
  constructor(
    readonly reasonCode: string,
    readonly delaySeconds: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
