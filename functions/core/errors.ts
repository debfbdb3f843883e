import type { FieldError } from '../../contracts/api/problem';
import { problemTypes } from '../../contracts/api/problem-types';

/**
 * Base of every error the gateway answers on purpose. Each carries its RFC 9457 problem type and
 * HTTP status, and whether the same request may succeed later (callers and workers retry on it).
 */
export abstract class GatewayError extends Error {
  /** Spelled out by every subclass: minified bundles rename classes, so a class name means nothing at run time. */
  abstract override readonly name: string;
  abstract readonly type: string;
  abstract readonly status: number;
  abstract readonly title: string;
  readonly retryable: boolean = false;
  /** Extra members for the problem document (e.g. the stored version on a conflict). */
  readonly extensions: Record<string, unknown> = {};
  /** Extra response headers (e.g. Allow, Retry-After). */
  readonly headers: Record<string, string> = {};
}

export class ValidationError extends GatewayError {
  override readonly name = 'ValidationError';
  readonly type = problemTypes.validation;
  readonly status = 422;
  readonly title = 'The request does not satisfy the contract';
  constructor(readonly fieldErrors: readonly FieldError[]) {
    const first = fieldErrors[0];
    const where = first ? `${first.location} ${first.path || '(root)'}: ${first.message}` : 'no details';
    super(fieldErrors.length > 1 ? `${fieldErrors.length} fields fail the contract, first ${where}; see errors` : where);
  }
}

export class NotFoundError extends GatewayError {
  override readonly name = 'NotFoundError';
  readonly type = problemTypes.notFound;
  readonly status = 404;
  readonly title = 'Not found';
}

export class VersionConflictError extends GatewayError {
  override readonly name = 'VersionConflictError';
  readonly type = problemTypes.versionConflict;
  readonly status = 409;
  readonly title = 'The dossier version conflicts with the stored one';
  constructor(message: string, readonly storedVersion: number) {
    super(message);
    this.extensions.storedVersion = storedVersion;
  }
}

/** An inbound signature (Standard Webhooks, provider MAC) did not verify; nothing was processed. */
export class SignatureRejectedError extends GatewayError {
  override readonly name = 'SignatureRejectedError';
  readonly type = problemTypes.signatureRejected;
  readonly status = 401;
  readonly title = 'The signature of the request did not verify';
  constructor(readonly reasonCode: string) {
    super(`signature rejected: ${reasonCode}`);
    this.extensions.reason = reasonCode;
  }
}

/** A message id seen before arrived with a different body: a replay or a sender bug. */
export class EventReplayedError extends GatewayError {
  override readonly name = 'EventReplayedError';
  readonly type = problemTypes.eventReplayed;
  readonly status = 409;
  readonly title = 'This message id was already received with a different body';
}

/**
 * What was sent fits the body limit but not storage: NFC normalisation can grow some characters
 * (U+FB2C from 3 to 6 bytes), and DynamoDB holds at most 400 KB per item.
 */
export class TooLargeToStoreError extends GatewayError {
  override readonly name = 'TooLargeToStoreError';
  readonly type = problemTypes.payloadTooLarge;
  readonly status = 413;
  readonly title = 'The content is too large to store';
  constructor(bytes: number, limitBytes: number) {
    super(`once normalised the content is ${bytes} bytes; at most ${limitBytes} can be stored`);
    this.extensions.limitBytes = limitBytes;
  }
}

/** A dependency (queue, table, partner) failed; the caller may retry the same request. */
export class DependencyUnavailableError extends GatewayError {
  override readonly name = 'DependencyUnavailableError';
  readonly type = problemTypes.dependencyUnavailable;
  readonly status = 503;
  readonly title = 'A dependency is unavailable; retry the request';
  override readonly retryable = true;
  constructor(message: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

/** A partner refused a request the gateway made for the caller (e.g. PayGov refusing an INIT). */
export class DependencyRefusedError extends GatewayError {
  override readonly name = 'DependencyRefusedError';
  readonly type = problemTypes.dependencyRefused;
  readonly status = 502;
  readonly title = 'A partner refused the request';
}

/** The same Idempotency-Key was sent with a different body. */
export class IdempotencyKeyReusedError extends GatewayError {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly type = problemTypes.idempotencyKeyReused;
  readonly status = 422;
  readonly title = 'This Idempotency-Key was used with a different request';
}

/** The first request with this Idempotency-Key is still being processed. */
export class RequestInProgressError extends GatewayError {
  override readonly name = 'RequestInProgressError';
  readonly type = problemTypes.requestInProgress;
  readonly status = 409;
  readonly title = 'A request with this Idempotency-Key is still in progress';
  constructor(message: string) {
    super(message);
    this.headers['retry-after'] = '2';
  }
}

/** A configuration value is missing or malformed: fail the cold start loudly. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
