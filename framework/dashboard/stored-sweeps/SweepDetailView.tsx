// The Sweep screen: the points ranked by the sweep's objective with their parameters, which
// parameters mattered (importance bars), and the objective of every trial plotted against one
// parameter (p picks the next).
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { useKeys } from '../app/useKeys.js';
import { printable } from '../../present/format.js';
import { formatDone, formatObjectiveName, formatParameterValue, formatSweepCounts } from '../../present/sweep-format.js';
import { importanceLines } from '../../present/importance-format.js';
import { sweepPointsTable } from '../../present/sweep-points-table.js';
import { formatTable } from '../../present/table.js';
import { importanceOfRanking } from '../../sweep/importance.js';
import { objectiveAgainst } from '../../sweep/parameter-axis.js';
import { leaderboardOf } from '../../sweep/sweep-leaderboard.js';
import { readStoredSweep, representativeTrial } from '../../sweep/stored-sweep.js';
import type { StoreReader } from '../../tracking/store-reader.js';
import type { ScreenProps } from '../app/screens.js';
import { useTheme } from '../app/theme.js';
import { LineChart } from '../widgets/chart/LineChart.js';
import { seriesColor, seriesMarker } from '../../present/chart/palette.js';
import { Rule } from '../widgets/Rule.js';

export interface SweepDetailViewProps extends ScreenProps {
  reader: StoreReader;
  sweepId: number;
}

const AXIS_ROWS = 2;
const MIN_CHART_ROWS = 4;
const MAX_CHART_ROWS = 12;
/** Bars shown at most (the most important), then the note if any. */
const MAX_IMPORTANCE_BARS = 4;

export function SweepDetailView({ reader, sweepId, version, width, height, navigation, active }: SweepDetailViewProps) {
  const theme = useTheme();
  const sweep = useMemo(() => {
    const summary = reader.getSweep(sweepId);
    return summary === undefined ? undefined : readStoredSweep(reader, summary);
  }, [reader, sweepId, version]);
  const importance = useMemo(() => (sweep === undefined ? undefined : importanceOfRanking(leaderboardOf(sweep).points, sweep.summary.spec)), [sweep]);
  const [cursor, setCursor] = useState(0);
  const [parameter, setParameter] = useState(0);
  const points = sweep?.analysis.points ?? [];
  const paths = sweep?.settings.parameters.map((p) => p.path) ?? [];
  const selected = Math.min(cursor, Math.max(0, points.length - 1));
  useKeys((input, key) => {
      if (key.upArrow || input === 'k') setCursor(Math.max(0, selected - 1));
      else if (key.downArrow || input === 'j') setCursor(Math.min(points.length - 1, selected + 1));
      else if (input === 'p') setParameter((p) => (paths.length === 0 ? 0 : (p + 1) % paths.length));
      else if (key.return) {
        const point = points[selected];
        if (point !== undefined) navigation.open({ kind: 'run', runId: representativeTrial(point).runId });
      }
  }, active);
  if (sweep === undefined) return <Text>{`sweep ${sweepId} is not in the store`}</Text>;

  const { summary, settings: objective, analysis } = sweep;
  const path = paths[parameter % Math.max(1, paths.length)];
  const chartRows = Math.max(MIN_CHART_ROWS, Math.min(MAX_CHART_ROWS, Math.floor((height - 3) / 2) - AXIS_ROWS));
  const barWidth = Math.max(8, Math.min(30, width - 40));
  const importanceText = importance === undefined ? [] : importancePanel(importance, barWidth);
  const tableRows = Math.max(2, height - 2 - chartRows - AXIS_ROWS - 1 - importanceText.length - 1);
  const table = sweepPointsTable(points, paths, objective.metric, { steps: false });
  const [header, ...lines] = formatTable(table.headers, table.rows)
    .trimEnd()
    .split('\n');
  const start = Math.max(0, Math.min(selected - tableRows + 2, points.length - tableRows + 1));
  const axis = path === undefined ? undefined : objectiveAgainst(analysis, path);
  const counts = formatSweepCounts(analysis.counts);

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>{`sweep ${summary.id} ${printable(summary.name)}`}</Text>
        <Text dimColor>{`  ${summary.status} · ${formatObjectiveName(objective.metric, objective.goal)} · ${formatDone(analysis.counts)}${counts === '' ? '' : ` (${counts})`}`}</Text>
      </Text>
      <Text dimColor wrap="truncate-end">{`  ${header}`}</Text>
      {lines.slice(start, start + tableRows - 1).map((line, i) => (
        <Text key={start + i} inverse={start + i === selected} wrap="truncate-end">
          {`${start + i === selected ? '›' : ' '} ${line}`}
        </Text>
      ))}
      <Rule width={width} title={`importance${importance === undefined || importance.points === 0 ? '' : ` (fANOVA, ${importance.points} points)`}`} />
      {importanceText.map((line, i) => (
        <Text key={`importance-${i}`} wrap="truncate-end" dimColor={line.startsWith('(')}>{` ${line}`}</Text>
      ))}
      <Rule width={width} title={path === undefined ? 'no parameters' : `${printable(objective.metric)} of completed trials against ${printable(path)}${axis?.log ? ' (log)' : ''} · p: next parameter`} />
      {axis === undefined ? null : (
        <LineChart
          series={[{ color: seriesColor(0), marker: seriesMarker(0), connect: false, points: axis.points }]}
          width={width}
          height={chartRows}
          mode={theme.colors ? 'braille' : 'marker'}
          formatX={(x) => (axis.categories !== undefined ? (axis.categories[Math.round(x)] ?? '') : formatParameterValue(Number((axis.log ? 10 ** x : x).toPrecision(3))))}
        />
      )}
    </Box>
  );
}

/** The most important parameters' bars, then why the figures are missing or rough, if they are. */
function importancePanel(importance: ReturnType<typeof importanceOfRanking>, barWidth: number): string[] {
  const shown = { ...importance, parameters: importance.parameters.slice(0, MAX_IMPORTANCE_BARS) };
  return importanceLines(shown, barWidth);
}
