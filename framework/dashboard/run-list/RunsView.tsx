// The runs screen: every run in a table that fits the terminal, sortable and filterable, with marks
// for Compare. Its state lives in the app (RunsUi), so it is as it was when one comes back to it.
import { Box, Text } from 'ink';
import { useMemo, useRef } from 'react';
import { useKeys } from '../app/useKeys.js';
import type { RunOverview } from '../../tracking/store-reader.js';
import type { ScreenProps } from '../app/screens.js';
import { useTheme } from '../app/theme.js';
import { COLUMNS, filterRuns, fitColumns, layoutRow, sortRuns } from './runs-table.js';
import { cycle, moveSelection, nextSort, statusesOf, sweepChoicesOf, toggleMark, type RunsUi } from './runs-ui.js';
import { statusLook } from '../../present/status-look.js';

export interface RunsViewProps extends ScreenProps {
  runs: readonly RunOverview[];
  ui: RunsUi;
  setUi: (update: (ui: RunsUi) => RunsUi) => void;
  /** A line to show under the table (why a key did nothing). */
  onMessage: (message: string | undefined) => void;
  /** Deletes runs with their files; absent where the dashboard may not write. Returns what to tell the user. */
  onDelete?: (ids: readonly number[]) => string;
}

/** The settings line and the table header. */
const CHROME_ROWS = 2;
const PREFIX = 3;

export function RunsView({ runs, ui, setUi, onMessage, onDelete, width, height, now, navigation, active }: RunsViewProps) {
  const theme = useTheme();
  const visible = useMemo(() => sortRuns(filterRuns(runs, ui.filter), ui.sort, now), [runs, ui.filter, ui.sort, now]);
  const fitted = useMemo(() => fitColumns(visible, width - PREFIX, now), [visible, width, now]);
  const selected = selectedRun(visible, ui.selectedId);
  const selectedIndex = selected === undefined ? 0 : visible.indexOf(selected);
  const rows = Math.max(1, height - CHROME_ROWS);
  const pageStart = Math.min(Math.max(0, selectedIndex - rows + 1), Math.max(0, visible.length - rows), selectedIndex);
  // Keys that arrive together are handled before React renders again: each acts on the state the
  // one before it left (fresh), not on this render's.
  const fresh = useRef({ seen: ui, ui });
  if (fresh.current.seen !== ui) fresh.current = { seen: ui, ui };
  const apply = (update: (u: RunsUi) => RunsUi) => {
    const next = update(fresh.current.ui);
    fresh.current.ui = next;
    setUi(() => next);
  };
  useKeys(
    (input, key) => {
      const u = fresh.current.ui;
      if (u.confirmingDelete !== undefined) {
        const ids = u.confirmingDelete;
        apply((v) => ({ ...v, confirmingDelete: undefined, marked: input === 'y' ? v.marked.filter((id) => !ids.includes(id)) : v.marked }));
        onMessage(input === 'y' && onDelete !== undefined ? onDelete(ids) : 'nothing deleted');
        return;
      }
      if (u.editing) {
        if (key.return || key.escape) apply((v) => ({ ...v, editing: false, filter: key.escape ? { ...v.filter, text: '' } : v.filter }));
        else if (key.backspace || key.delete) apply((v) => ({ ...v, filter: { ...v.filter, text: v.filter.text.slice(0, -1) } }));
        else if (input !== '' && !key.ctrl && !key.meta) apply((v) => ({ ...v, filter: { ...v.filter, text: v.filter.text + input } }));
        return;
      }
      const shown = sortRuns(filterRuns(runs, u.filter), u.sort, now);
      const current = selectedRun(shown, u.selectedId);
      const move = (delta: number) => apply((v) => ({ ...v, selectedId: moveSelection(shown, current?.id, delta) }));
      onMessage(undefined);
      if (key.upArrow || input === 'k') move(-1);
      else if (key.downArrow || input === 'j') move(1);
      else if (key.pageUp) move(-rows);
      else if (key.pageDown) move(rows);
      else if (input === 'g') move(-shown.length);
      else if (input === 'G') move(shown.length);
      else if (key.return && current !== undefined) navigation.open({ kind: 'run', runId: current.id });
      else if (input === ' ' && current !== undefined) apply((v) => ({ ...v, marked: toggleMark(v.marked, current.id), selectedId: current.id }));
      else if (input === 'x') apply((v) => ({ ...v, marked: [] }));
      else if (input === 'd' && onDelete !== undefined) {
        // The marked runs, else the one under the cursor.
        const ids = u.marked.filter((id) => runs.some((run) => run.id === id));
        const chosen = ids.length > 0 ? ids : current === undefined ? [] : [current.id];
        if (chosen.length === 0) return;
        apply((v) => ({ ...v, confirmingDelete: chosen }));
        onMessage(`delete ${chosen.length === 1 ? 'run' : `${chosen.length} runs`} ${chosen.map((id) => `#${id}`).join(' ')} with ${chosen.length === 1 ? 'its' : 'their'} checkpoints? y deletes, any other key keeps`);
      }
      else if (input === '/') apply((v) => ({ ...v, editing: true }));
      else if (input === 's') apply((v) => ({ ...v, sort: nextSort(v.sort) }));
      else if (input === 'r') apply((v) => ({ ...v, sort: { ...v.sort, descending: !v.sort.descending } }));
      else if (input === 'f') apply((v) => ({ ...v, filter: { ...v.filter, status: cycle(v.filter.status, statusesOf(runs)) } }));
      else if (input === 'e') apply((v) => ({ ...v, filter: { ...v.filter, sweepId: cycle(v.filter.sweepId, sweepChoicesOf(runs)) } }));
      else if (input === 'w') navigation.open({ kind: 'sweeps' });
      else if (input === 'c') {
        const marked = u.marked.filter((id) => runs.some((run) => run.id === id));
        if (marked.length >= 2) navigation.open({ kind: 'compare', runIds: marked });
        else onMessage(`mark at least two runs with space to compare them (${marked.length} marked)`);
      }
    },
    active,
    () => fresh.current.ui.editing || fresh.current.ui.confirmingDelete !== undefined,
  );

  const header = layoutRow(fitted.map(({ column }) => sortedTitle(column.key, column.title, ui)), fitted);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <SettingsLine ui={ui} shown={visible.length} total={runs.length} width={width} hiddenSort={fitted.every((f) => f.column.key !== ui.sort.column)} />
      <Text dimColor wrap="truncate-end">{`${' '.repeat(PREFIX)}${header}`}</Text>
      {visible.length === 0 ? <Text dimColor>{'   no runs match the filters (esc in / clears the text; f and e cycle back to all)'}</Text> : null}
      {visible.slice(pageStart, pageStart + rows).map((run) => {
        const isSelected = run.id === selected?.id;
        const mark = ui.marked.includes(run.id) ? '◆' : ' ';
        const cells = fitted.map(({ column }) => column.cell(run, now));
        const look = statusLook(run.status);
        return (
          <Text key={run.id} wrap="truncate-end" inverse={isSelected} color={look.color && theme.color(look.color)} dimColor={look.dim}>
            {`${isSelected ? '›' : ' '}${mark} ${layoutRow(cells, fitted)}`}
          </Text>
        );
      })}
    </Box>
  );
}

/** The run under the cursor: the one selected if it is shown, else the first shown. */
function selectedRun(visible: readonly RunOverview[], selectedId: number | undefined): RunOverview | undefined {
  return visible.find((run) => run.id === selectedId) ?? visible[0];
}

/** `hiddenSort`: the runs are sorted by a column too wide for the terminal, so the line names it. */
function SettingsLine({ ui, shown, total, width, hiddenSort }: { ui: RunsUi; shown: number; total: number; width: number; hiddenSort: boolean }) {
  const { filter } = ui;
  const sweep = filter.sweepId === undefined ? 'all' : filter.sweepId === null ? 'none' : String(filter.sweepId);
  const parts = [
    `${shown}/${total} runs`,
    `filter ${ui.editing ? `/${filter.text}▏` : filter.text === '' ? '-' : `"${filter.text}"`}`,
    `status ${filter.status ?? 'all'}`,
    `sweep ${sweep}`,
    `marked ${ui.marked.length}`,
  ];
  if (hiddenSort) parts.splice(1, 0, `sort ${sortTitle(ui)}`);
  return (
    <Box width={width}>
      <Text wrap="truncate-end" bold={ui.editing}>
        {parts.join('  ·  ')}
      </Text>
    </Box>
  );
}

/** The sort column's title carries an arrow: ↓ largest first, ↑ smallest first. */
function sortedTitle(key: string, title: string, ui: RunsUi): string {
  return ui.sort.column === key ? sortTitle(ui) : title;
}

function sortTitle(ui: RunsUi): string {
  const title = COLUMNS.find((column) => column.key === ui.sort.column)?.title ?? ui.sort.column;
  return `${title}${ui.sort.descending ? '↓' : '↑'}`;
}
