// The runs table as data: its columns (what each shows and sorts by), the filters, and which columns
// fit a width. Pure, so the view only draws and the rules are tested without a terminal.
import { formatDuration, formatLoss, formatRate, printable } from '../../present/format.js';
import type { RunOverview } from '../../tracking/store-reader.js';
import { durationOf } from '../../present/compare/comparison.js';
import { markedStatus } from '../../present/status-look.js';

export type ColumnKey = 'id' | 'name' | 'status' | 'sweep' | 'steps' | 'val' | 'best' | 'speed' | 'took' | 'started';

export interface Column {
  key: ColumnKey;
  title: string;
  align: 'left' | 'right';
  cell(run: RunOverview, now: number): string;
  /** What sorting by the column compares; null (nothing yet) always sorts last. */
  sortValue(run: RunOverview, now: number): number | string | null;
}

const loss = (value: number | null) => (value === null ? '-' : formatLoss(value));
/** NaN sorts with the missing values: a diverged run is never "best". */
const finiteOrNull = (value: number | null) => (value === null || !Number.isFinite(value) ? null : value);

/** In the order they are shown; the name takes what room is left. */
export const COLUMNS: readonly Column[] = [
  { key: 'id', title: 'id', align: 'right', cell: (run) => String(run.id), sortValue: (run) => run.id },
  { key: 'name', title: 'name', align: 'left', cell: (run) => printable(run.name), sortValue: (run) => run.name.toLowerCase() },
  // A live run carries a marker, so it stands out in a long list.
  { key: 'status', title: 'status', align: 'left', cell: (run) => markedStatus(run.status), sortValue: (run) => run.status },
  { key: 'sweep', title: 'sweep', align: 'right', cell: (run) => (run.sweepId === null ? '-' : String(run.sweepId)), sortValue: (run) => run.sweepId },
  { key: 'steps', title: 'steps', align: 'right', cell: (run) => (run.steps === null ? '-' : String(run.steps)), sortValue: (run) => run.steps },
  { key: 'val', title: 'val loss', align: 'right', cell: (run) => loss(run.valLoss), sortValue: (run) => finiteOrNull(run.valLoss) },
  { key: 'best', title: 'best val', align: 'right', cell: (run) => loss(run.bestValLoss), sortValue: (run) => finiteOrNull(run.bestValLoss) },
  {
    key: 'speed',
    title: 'tok/s',
    align: 'right',
    cell: (run) => (run.tokensPerSecond === null ? '-' : formatRate(run.tokensPerSecond).replace(' tok/s', '')),
    sortValue: (run) => finiteOrNull(run.tokensPerSecond),
  },
  { key: 'took', title: 'took', align: 'right', cell: (run, now) => formatDuration(durationOf(run, now)), sortValue: (run, now) => durationOf(run, now) },
  { key: 'started', title: 'started', align: 'left', cell: (run) => shortTime(run.startedAt), sortValue: (run) => run.startedAt },
];

/** Which columns go first when the terminal is narrow: the name and the losses before the rest. */
const PRIORITY: readonly ColumnKey[] = ['id', 'name', 'status', 'val', 'best', 'steps', 'speed', 'took', 'started', 'sweep'];
const GAP = 2;
const NAME_MIN = 10;
const NAME_MAX = 32;

export interface RunsFilter {
  text: string;
  /** undefined: every status. */
  status: string | undefined;
  /** undefined: runs of any sweep or none; null: only runs outside sweeps. */
  sweepId: number | null | undefined;
}

export interface RunsSort {
  column: ColumnKey;
  descending: boolean;
}

export function filterRuns(runs: readonly RunOverview[], filter: RunsFilter): RunOverview[] {
  const text = filter.text.trim().toLowerCase();
  return runs.filter(
    (run) =>
      (filter.status === undefined || run.status === filter.status) &&
      (filter.sweepId === undefined || run.sweepId === filter.sweepId) &&
      (text === '' || searchText(run).includes(text)),
  );
}

/** Stable: runs that compare equal keep the store's order (newest first). */
export function sortRuns(runs: readonly RunOverview[], sort: RunsSort, now: number): RunOverview[] {
  const column = COLUMNS.find((c) => c.key === sort.column) ?? COLUMNS[0]!;
  const sign = sort.descending ? -1 : 1;
  return [...runs].sort((a, b) => {
    const [x, y] = [column.sortValue(a, now), column.sortValue(b, now)];
    if (x === null || y === null) return Number(x === null) - Number(y === null);
    return sign * (x < y ? -1 : x > y ? 1 : 0);
  });
}

export interface FittedColumn {
  column: Column;
  width: number;
}

/**
 * The columns that fit in `width` (cells of `runs` measured), by priority, shown in table order;
 * the name gets the room that is left, within bounds.
 */
export function fitColumns(runs: readonly RunOverview[], width: number, now: number): FittedColumn[] {
  const natural = new Map(
    // A title has room for the sort arrow.
    COLUMNS.map((column) => [column.key, Math.max(column.title.length + 1, ...runs.map((run) => [...column.cell(run, now)].length))]),
  );
  const chosen = new Set<ColumnKey>();
  let used = -GAP;
  for (const key of PRIORITY) {
    const need = (key === 'name' ? Math.min(NAME_MIN, natural.get(key)!) : natural.get(key)!) + GAP;
    if (used + need > width) break;
    chosen.add(key);
    used += need;
  }
  const nameWidth = Math.min(NAME_MAX, natural.get('name')!, NAME_MIN + Math.max(0, width - used));
  return COLUMNS.filter((column) => chosen.has(column.key)).map((column) => ({
    column,
    width: column.key === 'name' ? Math.max(Math.min(NAME_MIN, natural.get('name')!), nameWidth) : natural.get(column.key)!,
  }));
}

/** The cells of one row laid out in the fitted columns, clipped to each column's width. */
export function layoutRow(cells: readonly string[], fitted: readonly FittedColumn[]): string {
  return fitted
    .map(({ column, width }, i) => {
      const chars = [...(cells[i] ?? '')];
      const text = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : chars.join('');
      const padding = ' '.repeat(width - [...text].length);
      return column.align === 'right' ? padding + text : text + padding;
    })
    .join(' '.repeat(GAP));
}

function searchText(run: RunOverview): string {
  return `#${run.id} ${run.name} ${run.status} ${run.sweepName ?? ''}`.toLowerCase();
}

/** "01-05 09:00", local time: the year is rarely what tells runs apart. */
function shortTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
