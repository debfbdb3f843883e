import { WorkingCalendar } from '../../../contracts/insight/calendar';
import calendarData from '../../../contracts/insight/calendar-vn.json' with { type: 'json' };
import { CalendarIndex } from './calendar';

/**
 * The calendar shipped with the gateway (contracts/insight/calendar-vn.json), validated once.
 * A malformed file fails loudly at first use rather than producing wrong due dates.
 */
let cached: CalendarIndex | undefined;
export function defaultCalendar(): CalendarIndex {
  cached ??= new CalendarIndex(WorkingCalendar.parse(calendarData));
  return cached;
}
