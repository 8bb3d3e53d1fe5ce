// Parallel coordinates: one axis per parameter and one for the objective, each scaled to its own
// range (log for log axes, evenly spaced cells for categories), one line per trial coloured by the
// objective. Vega-Lite has no parallel-axis mark: the scaling is done here and the axes' ends are
// labelled with text marks, as in Vega-Lite's own parallel-coordinates example.
import type { TopLevelSpec } from 'vega-lite';
import type { ParameterSpace } from '../../sweep/types.js';
import type { SweepReport } from '../types.js';
import { CHART_CONFIG, HEIGHT, VEGA_LITE_SCHEMA, WIDTH, type ChartSpec } from './chart.js';
import { displayValue, isLogAxis } from './objective-charts.js';
import { formatParameterValue } from '../../present/sweep-format.js';

interface Axis {
  name: string;
  position: (value: unknown) => number | undefined;
  labels: { at: number; text: string }[];
}

export function parallelCoordinatesChart(report: SweepReport): ChartSpec | undefined {
  const trials = report.trials.filter((trial) => trial.value !== null);
  if (report.parameters.length === 0 || trials.length === 0) return undefined;
  const metric = report.leaderboard.metric;
  const axes: Axis[] = [
    ...report.parameters.map((parameter) => axisOf(parameter.path, parameter, trials.map((trial) => trial.point[parameter.path]))),
    numericAxis(metric, trials.map((trial) => trial.value as number), false),
  ];
  const lines = trials.flatMap((trial) =>
    axes.flatMap((axis, i) => {
      const raw = i < report.parameters.length ? trial.point[report.parameters[i]!.path] : trial.value;
      const position = axis.position(raw);
      return position === undefined ? [] : [{ run: trial.runId, axis: axis.name, order: i, position, objective: trial.value }];
    }),
  );
  const labels = axes.flatMap((axis, i) => axis.labels.map((label) => ({ axis: axis.name, order: i, position: label.at, label: label.text })));
  const axisOrder = axes.map((axis) => axis.name);
  const x = { field: 'axis', type: 'nominal' as const, sort: axisOrder, title: null, axis: { labelAngle: 0, domain: false, ticks: false, grid: true, gridColor: '#999' } };
  const y = { field: 'position', type: 'quantitative' as const, axis: null, scale: { domain: [0, 1] } };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Parallel coordinates',
    width: Math.max(WIDTH, axes.length * 130),
    height: HEIGHT,
    config: CHART_CONFIG,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', opacity: 0.7, strokeWidth: 1.4 },
        encoding: {
          x,
          y,
          detail: { field: 'run', type: 'nominal' },
          order: { field: 'order' },
          color: { field: 'objective', type: 'quantitative', title: metric, scale: { scheme: 'viridis', reverse: report.leaderboard.goal === 'minimize' }, legend: { orient: 'right' } },
        },
      },
      {
        data: { values: labels },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' },
        encoding: { x, y, text: { field: 'label' } },
      },
    ],
  };
  return { id: 'parallel-coordinates', title: 'Parallel coordinates', spec, legend: true };
}

function axisOf(name: string, parameter: ParameterSpace, observed: readonly unknown[]): Axis {
  const numbers = observed.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  // A list of numbers (n_layer 2, 4, 6) is categories too: each value its own labelled place on the axis.
  const categorical = parameter.kind === 'choice' || parameter.kind === 'values';
  if (!categorical && numbers.length > 0) return numericAxis(name, numbers, isLogAxis(parameter, numbers), parameter);
  const categories = [...new Set((parameter.kind === 'values' || parameter.kind === 'choice' ? parameter.values : observed).map((value) => String(displayValue(value))))];
  const at = (index: number) => (categories.length === 1 ? 0.5 : index / (categories.length - 1));
  return {
    name,
    position: (value) => {
      const index = categories.indexOf(String(displayValue(value)));
      return index < 0 ? undefined : at(index);
    },
    labels: categories.map((text, index) => ({ at: at(index), text })),
  };
}

function numericAxis(name: string, observed: readonly number[], log: boolean, parameter?: ParameterSpace): Axis {
  const bounded = parameter !== undefined && parameter.kind !== 'values' && parameter.kind !== 'choice';
  const low = bounded ? Math.min(parameter.min, ...observed) : Math.min(...observed);
  const high = bounded ? Math.max(parameter.max, ...observed) : Math.max(...observed);
  const scale = (x: number) => (log ? Math.log(x) : x);
  const span = scale(high) - scale(low);
  const position = (value: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (log && value <= 0)) return undefined;
    return span > 0 ? (scale(value) - scale(low)) / span : 0.5;
  };
  const labels = span > 0 ? [{ at: 0, text: formatParameterValue(low) }, { at: 1, text: formatParameterValue(high) }] : [{ at: 0.5, text: formatParameterValue(low) }];
  return { name, position, labels };
}
