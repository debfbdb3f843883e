import type { CallOutcome } from '../../core/partners/partner-health';
import type { CityAnswer } from './city-client';

/** No answer or a 5xx: unavailable; a 429: throttling; any other status: the city answered. */
export function cityCallOutcome({ value }: { value?: CityAnswer }): CallOutcome | undefined {
  if (!value) return undefined;
  if (value.httpStatus === undefined || value.httpStatus >= 500) return 'unavailable';
  return value.httpStatus === 429 ? 'throttled' : 'answered';
}
