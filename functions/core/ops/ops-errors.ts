import { problemTypes } from '../../../contracts/api/problem';
import { GatewayError } from '../errors';

/** An operator asked to redo something that is already done (re-deliver a delivered event). */
export class AlreadyDoneError extends GatewayError {
  override readonly name = 'AlreadyDoneError';
  readonly type = problemTypes.alreadyDone;
  readonly status = 409;
  readonly title = 'Already done';
}
