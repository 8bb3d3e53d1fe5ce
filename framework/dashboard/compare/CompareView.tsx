// The Compare screen: the val-loss curves of the marked runs overlaid (or, grouped by seed, each
// setting's mean with its min-max band), then a panel (tab): the metrics table, the config keys that
// differ (one column per run or group), or the samples side by side at one step.
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { useKeys } from '../app/useKeys.js';
import { printable } from '../../present/format.js';
import { formatTable } from '../../present/table.js';
import type { StoreReader } from '../../tracking/store-reader.js';
import type { ScreenProps } from '../app/screens.js';
import { useTheme } from '../app/theme.js';
import { Legend } from '../widgets/chart/Legend.js';
import { LineChart } from '../widgets/chart/LineChart.js';
import { seriesColor, seriesMarker } from '../../present/chart/palette.js';
import { Rule } from '../widgets/Rule.js';
import { ScrollText } from '../widgets/ScrollText.js';
import type { Comparison } from '../../present/compare/comparison.js';
import { diffCell, METRIC_HEADERS, metricCells } from '../../present/compare/figures.js';
import { commonSampleSteps, sampleAt, sideBySide } from '../../present/compare/samples-side-by-side.js';
import { useComparison } from './useComparison.js';

export interface CompareViewProps extends ScreenProps {
  reader: StoreReader;
  runIds: number[];
}

const PANELS = ['metrics', 'config diff', 'samples'] as const;
type Panel = (typeof PANELS)[number];

const AXIS_ROWS = 2;
const MAX_LEGEND_ROWS = 3;
const MIN_CHART_ROWS = 4;
const MAX_CHART_ROWS = 14;
/** Narrowest column for a run in the config diff and the samples. */
const MIN_RUN_COLUMN = 14;

export function CompareView({ reader, runIds, version, width, height, now, active }: CompareViewProps) {
  const theme = useTheme();
  const [grouped, setGrouped] = useState(false);
  const [logY, setLogY] = useState(false);
  const [panel, setPanel] = useState<Panel>('metrics');
  const [scroll, setScroll] = useState(0);
  /** The last line the panel can scroll to, as of the last render. */
  const scrollLimit = useRef(0);
  const [firstColumn, setFirstColumn] = useState(0);
  /** Index into the common sample steps; undefined follows the latest. */
  const [stepIndex, setStepIndex] = useState<number | undefined>();
  const comparison = useComparison(reader, runIds, grouped, Math.max(8, width * (theme.colors ? 2 : 1)), version, now);
  const steps = commonSampleSteps(comparison.runs);
  const shownStep = stepIndex === undefined ? steps.length - 1 : Math.min(stepIndex, steps.length - 1);
  const columns = panel === 'samples' ? comparison.runs.length : comparison.entries.length;

  useKeys((input, key) => {
      if (input === 'g') setGrouped((on) => !on);
      else if (input === 'l') setLogY((on) => !on);
      else if (key.tab) {
        setPanel((p) => PANELS[(PANELS.indexOf(p) + (key.shift ? PANELS.length - 1 : 1)) % PANELS.length]!);
        setScroll(0);
      } else if (key.upArrow || input === 'k') setScroll((s) => Math.max(0, s - 1));
      else if (key.downArrow || input === 'j') setScroll((s) => Math.min(scrollLimit.current, s + 1));
      else if (key.leftArrow) setFirstColumn((c) => Math.max(0, c - 1));
      else if (key.rightArrow) setFirstColumn((c) => Math.min(Math.max(0, columns - 1), c + 1));
      else if (input === 'p') setStepIndex((i) => Math.max(0, (i ?? steps.length - 1) - 1));
      else if (input === 'n') setStepIndex((i) => ((i ?? steps.length - 1) + 1 >= steps.length - 1 ? undefined : (i ?? steps.length - 1) + 1));
  }, active);

  const legendEntries = comparison.entries.map((entry, i) => ({ label: printable(entry.label), color: seriesColor(i), marker: seriesMarker(i) }));
  const legendRows = Math.min(MAX_LEGEND_ROWS, Math.max(1, Math.ceil(legendEntries.reduce((n, e) => n + e.label.length + 5, 0) / width)));
  const fixedRows = 1 + legendRows + AXIS_ROWS + 1;
  const chartRows = Math.max(MIN_CHART_ROWS, Math.min(MAX_CHART_ROWS, Math.floor((height - fixedRows) / 2)));
  const panelRows = Math.max(2, height - fixedRows - chartRows);
  const series = comparison.entries.map((entry, i) => ({
    color: seriesColor(i),
    marker: seriesMarker(i),
    points: entry.curve.map((p) => ({ x: p.step, y: p.value, ...(entry.runs.length > 1 ? { low: p.low, high: p.high } : {}) })),
  }));
  const step = steps[shownStep];
  const title =
    panel === 'samples' ? (step === undefined ? 'samples' : `samples at step ${step} (${shownStep + 1}/${steps.length}, p n)`) : panel;

  const lines = panelLines(panel, comparison, width, firstColumn, step);
  scrollLimit.current = Math.max(0, lines.length - panelRows + 1);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>{`${comparison.runs.length} runs`}</Text>
        <Text dimColor>{`  ·  val loss${grouped ? ', seeds grouped: mean and min-max band' : ''}${logY ? ' · log scale' : ''}  ·  g ${grouped ? 'ungroup' : 'group seeds'}`}</Text>
      </Text>
      <Legend entries={legendEntries} width={width} maxLines={legendRows} colors={theme.colors} />
      <LineChart series={series} width={width} height={chartRows} logY={logY} mode={theme.colors ? 'braille' : 'marker'} />
      <Rule width={width} title={`${title} · tab: ${PANELS.filter((p) => p !== panel).join(', ')}`} />
      <ScrollText lines={lines} offset={scroll} height={panelRows} width={width} />
    </Box>
  );
}

function panelLines(panel: Panel, comparison: Comparison, width: number, firstColumn: number, step: number | undefined): string[] {
  switch (panel) {
    case 'metrics':
      return formatTable(METRIC_HEADERS, comparison.entries.map(metricCells)).trimEnd().split('\n');
    case 'config diff':
      return configDiffLines(comparison, width, firstColumn);
    case 'samples':
      return sampleLines(comparison, width, firstColumn, step);
  }
}

function configDiffLines(comparison: Comparison, width: number, firstColumn: number): string[] {
  if (comparison.diff.length === 0) return ['the configs are the same'];
  const keyWidth = Math.max(3, ...comparison.diff.map((row) => row.path.length));
  const { from, count } = columnWindow(comparison.entries.length, firstColumn, width - keyWidth - 2);
  const headers = ['key', ...comparison.entries.slice(from, from + count).map((entry) => `#${entry.runs.map((run) => run.overview.id).join(',#')}`)];
  const rows = comparison.diff.map((row) => [printable(row.path), ...row.values.slice(from, from + count).map(diffCell)]);
  return [...formatTable(headers, rows).trimEnd().split('\n'), ...windowNote(from, count, comparison.entries.length)];
}

function sampleLines(comparison: Comparison, width: number, firstColumn: number, step: number | undefined): string[] {
  if (step === undefined) return ['no step at which every one of these runs has a sample'];
  const { from, count } = columnWindow(comparison.runs.length, firstColumn, width);
  const runs = comparison.runs.slice(from, from + count);
  const columnWidth = Math.max(MIN_RUN_COLUMN, Math.floor((width - 3 * (runs.length - 1)) / runs.length));
  const heads = runs.map((run) => `#${run.overview.id} ${printable(run.overview.name)}`.slice(0, columnWidth));
  return [...sideBySide(heads, columnWidth), ...sideBySide(runs.map((run) => sampleAt(run, step)), columnWidth), ...windowNote(from, count, comparison.runs.length)];
}

/** Which columns fit in `width` from `first` on (at least one). */
function columnWindow(total: number, first: number, width: number): { from: number; count: number } {
  const fit = Math.max(1, Math.floor((width + 3) / (MIN_RUN_COLUMN + 3)));
  const count = Math.min(total, fit);
  return { from: Math.max(0, Math.min(first, total - count)), count };
}

function windowNote(from: number, count: number, total: number): string[] {
  return count >= total ? [] : [`runs ${from + 1}-${from + count} of ${total} (← → for the others)`];
}
