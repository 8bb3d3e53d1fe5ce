// What the runs screen remembers while other screens are open: the selected run, sort, filters, marks.
import type { RunOverview } from '../../tracking/store-reader.js';
import { COLUMNS, type ColumnKey, type RunsFilter, type RunsSort } from './runs-table.js';

export interface RunsUi {
  /** The run under the cursor, by id, so that new runs arriving do not move it. */
  selectedId: number | undefined;
  sort: RunsSort;
  filter: RunsFilter;
  /** Typing into the text filter: keys go there, not to commands. */
  editing: boolean;
  /** Runs marked for Compare, in the order they were marked. */
  marked: number[];
  /** Runs the user asked to delete, waiting for y (yes) or any other key (no). */
  confirmingDelete: number[] | undefined;
}

export const initialRunsUi: RunsUi = {
  selectedId: undefined,
  sort: { column: 'id', descending: true },
  filter: { text: '', status: undefined, sweepId: undefined },
  editing: false,
  marked: [],
  confirmingDelete: undefined,
};

/** The next column to sort by (hidden ones too); a new column sorts best-first (losses ascending, the rest descending). */
export function nextSort(sort: RunsSort): RunsSort {
  const order = COLUMNS.map((c) => c.key);
  const column = order[(order.indexOf(sort.column) + 1) % order.length]!;
  return { column, descending: !ASCENDING_FIRST.has(column) };
}

const ASCENDING_FIRST = new Set<ColumnKey>(['name', 'status', 'val', 'best', 'sweep']);

/** The next value of a filter among those present, then back to "all" (undefined). */
export function cycle<T>(current: T | undefined, present: readonly T[]): T | undefined {
  if (present.length === 0) return undefined;
  if (current === undefined) return present[0];
  const index = present.indexOf(current);
  return index === -1 || index === present.length - 1 ? undefined : present[index + 1];
}

export function statusesOf(runs: readonly RunOverview[]): string[] {
  return [...new Set(runs.map((run) => run.status))].sort();
}

/** Sweep ids present, newest first, then null for "runs outside any sweep" when there are some. */
export function sweepChoicesOf(runs: readonly RunOverview[]): (number | null)[] {
  const ids = [...new Set(runs.flatMap((run) => (run.sweepId === null ? [] : [run.sweepId])))].sort((a, b) => b - a);
  return ids.length === 0 ? [] : runs.some((run) => run.sweepId === null) ? [...ids, null] : ids;
}

export function toggleMark(marked: readonly number[], id: number): number[] {
  return marked.includes(id) ? marked.filter((m) => m !== id) : [...marked, id];
}

/** Moves the selection `delta` rows in `visible` (clamped); from nothing, to the first row. */
export function moveSelection(visible: readonly RunOverview[], selectedId: number | undefined, delta: number): number | undefined {
  if (visible.length === 0) return selectedId;
  const index = visible.findIndex((run) => run.id === selectedId);
  const next = index === -1 ? 0 : Math.max(0, Math.min(visible.length - 1, index + delta));
  return visible[next]!.id;
}
