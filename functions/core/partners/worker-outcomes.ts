/** The message cannot succeed as it is: record why and move it to the dead-letter queue now. */
export class DeadLetterError extends Error {
  override readonly name = 'DeadLetterError';
  constructor(
    readonly reasonCode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The message may succeed later: make it visible again after `delaySeconds`. `expected` marks
 * coordination (another worker holds the dossier, a retry is already scheduled) rather than a
 * partner failure, so it does not count towards the partner-failure alarm.
 */
export class RetryLaterError extends Error {
  override readonly name: string = 'RetryLaterError';
  readonly expected: boolean;
  constructor(
    readonly reasonCode: string,
    readonly delaySeconds: number,
    message: string,
    options?: { cause?: unknown; expected?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.expected = options?.expected ?? false;
  }
}
