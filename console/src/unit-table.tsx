import { useSignal } from '@preact/signals';
import { points } from './format';
import { groupName, t, type Label } from './i18n';

export interface UnitRow {
  unitKey: string;
  unitName: string | null;
  score: number;
  visiblePoints: number;
  groups: Record<string, number>;
  counters: Record<string, number>;
}

interface Column {
  readonly key: string;
  readonly title: string;
  readonly value: (row: UnitRow) => number | string;
  readonly numeric: boolean;
}

/**
 * The by-unit table: every column sorts with its header button (Enter or Space), the current
 * order is told by aria-sort, and arrow up/down (Home/End) move between the units' links.
 */
export function UnitTable({ units, groups }: { units: UnitRow[]; groups: { id: string; name: string }[] }) {
  const label = t.value;
  const sortKey = useSignal('score');
  const ascending = useSignal(false);
  const columns: Column[] = [
    { key: 'unit', title: label('unit'), value: (u) => u.unitKey, numeric: false },
    { key: 'name', title: label('unitName'), value: (u) => u.unitName ?? '', numeric: false },
    { key: 'score', title: label('score'), value: (u) => u.score, numeric: true },
    { key: 'visible', title: label('visiblePoints'), value: (u) => u.visiblePoints, numeric: true },
    ...groups.map((g) => ({ key: `group:${g.id}`, title: groupName(g.id, g.name), value: (u: UnitRow) => u.groups[g.id] ?? 0, numeric: true })),
    { key: 'received', title: label('receivedCount'), value: (u) => u.counters.received ?? 0, numeric: true },
    { key: 'overdue', title: label('overdueCount'), value: (u) => u.counters.overdue ?? 0, numeric: true },
    // Dossiers 5.4 counts against the unit: overdue or rated negatively.
    { key: 'dissatisfied', title: label('dissatisfiedCount'), value: (u) => u.counters.dissatisfied ?? 0, numeric: true },
  ];
  const counts = new Set(['received', 'overdue', 'dissatisfied']);
  const column = columns.find((c) => c.key === sortKey.value) ?? columns[2]!;
  const sorted = [...units].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'vi');
    return (ascending.value ? order : -order) || a.unitKey.localeCompare(b.unitKey);
  });
  const sortBy = (key: string, numeric: boolean) => {
    if (sortKey.value === key) ascending.value = !ascending.value;
    else {
      sortKey.value = key;
      // Numbers start highest first, names alphabetically.
      ascending.value = !numeric;
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const links = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLAnchorElement>('tbody a[data-unit-link]')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    links[Math.max(0, Math.min(links.length - 1, next))]?.focus();
  };
  return (
    <>
      <p class="muted" id="unit-table-keys">{label('tableKeys')}</p>
      <table data-testid="unit-table" aria-describedby="unit-table-keys" onKeyDown={onKeyDown}>
        <caption class="visually-hidden">{label('byUnit' as Label)}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : undefined} data-column={c.key} aria-sort={sortKey.value === c.key ? (ascending.value ? 'ascending' : 'descending') : 'none'}>
                <button type="button" class="sort" onClick={() => sortBy(c.key, c.numeric)} aria-label={`${label('sortBy')} ${c.title}`}>
                  {c.title}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((u) => (
            <tr data-unit={u.unitKey}>
              <th scope="row">
                <a data-unit-link href={`#/insight/unit/${encodeURIComponent(u.unitKey)}`}>{u.unitKey}</a>
              </th>
              {columns.slice(1).map((c) => {
                const value = c.value(u);
                return (
                  <td class={c.numeric ? 'num' : undefined} data-column={c.key} data-value={value}>
                    {typeof value === 'number' && !counts.has(c.key) ? points(value) : value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
