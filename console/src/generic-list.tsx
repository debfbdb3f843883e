import { dateTime } from './format';
import { t, type Label } from './i18n';

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const cell = (value: unknown) =>
  value === null || value === undefined ? '–' : typeof value === 'string' ? (instant.test(value) ? dateTime(value) : value) : typeof value === 'object' ? JSON.stringify(value) : String(value);

/**
 * A stuck list the console has no dedicated table for (ledger write failures today, whatever the
 * ops API adds tomorrow): one column per field the items carry, times shown local.
 */
export function GenericList({ name, items }: { name: string; items: Record<string, unknown>[] }) {
  const label = t.value;
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  const titleId = `list-${name}-title`;
  const title = name === 'ledgerFailures' ? label('ledgerFailuresList') : label(name as Label);
  return (
    <>
      <h2 id={titleId}>
        {title} ({items.length})
      </h2>
      {items.length > 0 && (
        <table aria-labelledby={titleId} data-testid={`stuck-${name}`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col">{label(c as Label)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                {columns.map((c) => (
                  <td>{c === 'dossierCode' && typeof item[c] === 'string' ? <a href={`#/dossier/${encodeURIComponent(item[c] as string)}`}>{item[c] as string}</a> : cell(item[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The lists of a /v1/ops/stuck answer that the stuck page does not render itself. */
export const otherLists = (work: Record<string, unknown>, shown: readonly string[]) =>
  Object.entries(work).filter((entry): entry is [string, Record<string, unknown>[]] => Array.isArray(entry[1]) && !shown.includes(entry[0]));
