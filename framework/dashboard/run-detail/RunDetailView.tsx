// The Run screen: train and val loss on one chart, then a panel (tab) with the samples, the resolved
// config, or learning rate and gradient norm. Reads the store again whenever it changed, so a
// training run updates live.
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { useKeys } from '../app/useKeys.js';
import { stringify as toYaml } from 'yaml';
import { formatDuration, formatGradNorm, formatLoss, formatLr, formatParams, printable } from '../../present/format.js';
import type { StoreReader } from '../../tracking/store-reader.js';
import type { RunDetail } from '../../tracking/store.js';
import type { ScreenProps } from '../app/screens.js';
import { useTheme } from '../app/theme.js';
import { durationOf } from '../../present/compare/comparison.js';
import { markedStatus, statusLook } from '../../present/status-look.js';
import { Legend } from '../widgets/chart/Legend.js';
import { LineChart } from '../widgets/chart/LineChart.js';
import { seriesColor, seriesMarker } from '../../present/chart/palette.js';
import { Rule } from '../widgets/Rule.js';
import { ScrollText } from '../widgets/ScrollText.js';
import { sparkline } from '../widgets/Sparkline.js';
import { useRunDetail, type RunCurves } from './useRunDetail.js';

export interface RunDetailViewProps extends ScreenProps {
  reader: StoreReader;
  runId: number;
}

const PANELS = ['samples', 'config', 'lr & grad norm'] as const;
type Panel = (typeof PANELS)[number];

const AXIS_ROWS = 2;
const MIN_CHART_ROWS = 4;
const MAX_CHART_ROWS = 16;

export function RunDetailView({ reader, runId, version, width, height, now, active }: RunDetailViewProps) {
  const theme = useTheme();
  const [panel, setPanel] = useState<Panel>('samples');
  const [logY, setLogY] = useState(false);
  const [scroll, setScroll] = useState(0);
  /** The last line the panel can scroll to, as of the last render. */
  const scrollLimit = useRef(0);
  /** Index into the samples; undefined follows the newest. */
  const [sampleIndex, setSampleIndex] = useState<number | undefined>();
  const dotsPerColumn = theme.colors ? 2 : 1;
  const { run, curves } = useRunDetail(reader, runId, version, Math.max(8, width * dotsPerColumn));

  const samples = run?.samples ?? [];
  const shownSample = sampleIndex === undefined ? samples.length - 1 : Math.min(sampleIndex, samples.length - 1);
  useKeys((input, key) => {
      if (input === 'l') setLogY((on) => !on);
      else if (key.tab) {
        setPanel((p) => PANELS[(PANELS.indexOf(p) + (key.shift ? PANELS.length - 1 : 1)) % PANELS.length]!);
        setScroll(0);
      } else if (key.upArrow || input === 'k') setScroll((s) => Math.max(0, s - 1));
      else if (key.downArrow || input === 'j') setScroll((s) => Math.min(scrollLimit.current, s + 1));
      else if (key.pageDown) setScroll((s) => Math.min(scrollLimit.current, s + 10));
      else if (key.pageUp) setScroll((s) => Math.max(0, s - 10));
      else if (key.leftArrow || input === 'p') {
        setSampleIndex((i) => Math.max(0, (i ?? samples.length - 1) - 1));
        setScroll(0);
      } else if (key.rightArrow || input === 'n') {
        setSampleIndex((i) => ((i ?? samples.length - 1) + 1 >= samples.length - 1 ? undefined : (i ?? samples.length - 1) + 1));
        setScroll(0);
      }
  }, active);

  if (run === undefined) return <Text>{`run ${runId} is not in the store`}</Text>;
  const headerRows = run.error === null ? 1 : 2;
  const fixedRows = headerRows + 1 + AXIS_ROWS + 1; // header, legend, x axis, panel rule
  const chartRows = Math.max(MIN_CHART_ROWS, Math.min(MAX_CHART_ROWS, Math.floor((height - fixedRows) / 2)));
  const panelRows = Math.max(2, height - fixedRows - chartRows);
  const lossSeries = [
    { label: 'train loss', points: curves.train, index: 0 },
    { label: 'val loss', points: curves.val, index: 1 },
  ];
  const sample = samples[shownSample];
  const panelTitle =
    panel === 'samples' && sample !== undefined ? `samples · ${shownSample + 1}/${samples.length} · step ${sample.step}` : panel;

  const lines = panelLines(panel, run, curves, shownSample, width);
  scrollLimit.current = Math.max(0, lines.length - panelRows + 1);
  const look = statusLook(run.status);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>{`#${run.id} ${printable(run.name)}`}</Text>
        {'  '}
        <Text color={look.color && theme.color(look.color)}>{markedStatus(run.status)}</Text>
        <Text dimColor>{`  ${headline(run, now)}`}</Text>
      </Text>
      {run.error === null ? null : <Text color={theme.color('red')} wrap="truncate-end">{`error: ${printable(run.error).split('\n')[0]}`}</Text>}
      <Legend
        entries={lossSeries.map((s) => ({ label: `${s.label} ${lastValue(s.points)}`, color: seriesColor(s.index), marker: seriesMarker(s.index) }))}
        width={width}
        maxLines={1}
        colors={theme.colors}
      />
      <LineChart
        series={lossSeries.map((s) => ({ color: seriesColor(s.index), marker: seriesMarker(s.index), points: s.points.map((p) => ({ x: p.step, y: p.value })) }))}
        width={width}
        height={chartRows}
        logY={logY}
        mode={theme.colors ? 'braille' : 'marker'}
      />
      <Rule width={width} title={`${panelTitle}${logY ? ' · log scale' : ''} · tab: ${PANELS.filter((p) => p !== panel).join(', ')}`} />
      <ScrollText lines={lines} offset={scroll} height={panelRows} width={width} />
    </Box>
  );
}

/** "wasm · seed 1 · step 2000 · 1m02s · 0.81M params". */
function headline(run: RunDetail, now: number): string {
  const parts = [run.backend, `seed ${run.seed}`, `step ${run.lastStep ?? '-'}`, formatDuration(durationOf(run, now))];
  if (typeof run.info.parameters === 'number') parts.push(`${formatParams(run.info.parameters)} params`);
  if (run.sweepId !== null) parts.push(`sweep ${run.sweepId}`);
  return parts.join(' · ');
}

function lastValue(points: RunCurves['train']): string {
  const last = points.at(-1);
  return last === undefined ? '-' : formatLoss(last.value);
}

function panelLines(panel: Panel, run: RunDetail, curves: RunCurves, sampleIndex: number, width: number): string[] {
  switch (panel) {
    case 'samples': {
      const sample = run.samples[sampleIndex];
      if (sample === undefined) return ['no samples yet'];
      return [`prompt ${JSON.stringify(sample.prompt)}`, ...printable(sample.text).split('\n')];
    }
    case 'config':
      return toYaml(run.config).trimEnd().split('\n');
    case 'lr & grad norm':
      return [
        ...curveLines('learning rate', curves.lr, formatLr, width),
        '',
        ...curveLines('gradient norm', curves.gradNorm, formatGradNorm, width),
      ];
  }
}

/** A title with the last value and range, and the curve as a sparkline across the width. */
function curveLines(title: string, points: RunCurves['lr'], format: (value: number) => string, width: number): string[] {
  if (points.length === 0) return [`${title}: not logged`];
  const values = points.map((p) => p.value);
  const finite = values.filter(Number.isFinite);
  const range = finite.length === 0 ? '' : `  (min ${format(Math.min(...finite))}, max ${format(Math.max(...finite))})`;
  return [`${title} ${format(values.at(-1)!)} at step ${points.at(-1)!.step}${range}`, sparkline(resample(values, width), width)];
}

/** Values stretched or thinned to `count`, so a sparkline spans the width. */
function resample(values: readonly number[], count: number): number[] {
  if (values.length === 0) return [];
  return Array.from({ length: count }, (_, i) => values[Math.min(values.length - 1, Math.floor((i * values.length) / count))]!);
}
