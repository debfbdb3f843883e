import { problemTypes } from '../../contracts/api/problem-types';
import { GatewayError } from '../core/errors';

export class UnsupportedMediaTypeError extends GatewayError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly type = problemTypes.unsupportedMediaType;
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

export class MalformedJsonError extends GatewayError {
  override readonly name = 'MalformedJsonError';
  readonly type = problemTypes.malformedJson;
  readonly status = 400;
  readonly title = 'The body is not well-formed JSON';
}

export class PayloadTooLargeError extends GatewayError {
  override readonly name = 'PayloadTooLargeError';
  readonly type = problemTypes.payloadTooLarge;
  readonly status = 413;
  readonly title = 'The body is larger than the gateway accepts';
  constructor(limitBytes: number, actualBytes: number) {
    super(`the body is ${actualBytes} bytes; the limit is ${limitBytes} bytes`);
    this.extensions.limitBytes = limitBytes;
  }
}
