import { t } from './i18n';
import { useData } from './use-data';

interface CalendarView {
  calendarVersion: number;
  years: { year: number; status: 'confirmed' | 'provisional'; daysOff: number; makeUpWorkingDays: number; unconfirmedEntries: number }[];
  warnings: string[];
}

/** The working-day calendar the deadlines are counted on: which years it covers, and its warnings. */
export function CalendarSummary() {
  const label = t.value;
  const { data } = useData<CalendarView>('/v1/insight/calendar', 300_000);
  const calendar = data.value;
  if (!calendar) return null;
  return (
    <>
      <h2 id="calendar-title">{label('calendar')}</h2>
      <p class="muted">
        {label('calendarVersion')}: {calendar.calendarVersion}
      </p>
      {calendar.warnings.length > 0 && (
        <ul class="error" lang="en">
          {calendar.warnings.map((w) => (
            <li>{w}</li>
          ))}
        </ul>
      )}
      <table aria-labelledby="calendar-title" data-testid="calendar">
        <thead>
          <tr>
            <th scope="col">{label('year')}</th>
            <th scope="col">{label('state')}</th>
            <th scope="col" class="num">{label('daysOff')}</th>
            <th scope="col" class="num">{label('makeUpDays')}</th>
            <th scope="col" class="num">{label('unconfirmed')}</th>
          </tr>
        </thead>
        <tbody>
          {calendar.years.map((y) => (
            <tr data-year={y.year}>
              <th scope="row">{y.year}</th>
              <td>{label(y.status)}</td>
              <td class="num">{y.daysOff}</td>
              <td class="num">{y.makeUpWorkingDays}</td>
              <td class="num">{y.unconfirmedEntries}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
