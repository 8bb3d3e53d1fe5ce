// The objective of every trial against each parameter: a number on its own axis (a log axis for a
// log-uniform parameter or one spanning decades), a listed value or choice as a category.
import type { TopLevelSpec } from 'vega-lite';
import type { ParameterSpace } from '../../sweep/types.js';
import type { SweepReport } from '../types.js';
import { CHART_CONFIG, HEIGHT, idPart, VEGA_LITE_SCHEMA, type ChartSpec } from './chart.js';

export function objectiveCharts(report: SweepReport): ChartSpec[] {
  const metric = report.leaderboard.metric;
  return report.parameters.map((parameter) => objectiveChart(report, parameter, metric));
}

function objectiveChart(report: SweepReport, parameter: ParameterSpace, metric: string): ChartSpec {
  const values = report.trials
    .filter((trial) => trial.value !== null)
    .map((trial) => ({ value: displayValue(trial.point[parameter.path]), objective: trial.value, status: trial.status, run: trial.runId, rank: trial.rank }));
  // A listed value or a choice is a category even when it is a number (n_layer 2, 4, 6): no axis between them.
  const listed = parameter.kind === 'values' || parameter.kind === 'choice';
  const numeric = !listed && values.every((row) => typeof row.value === 'number');
  const x = numeric
    ? { field: 'value', type: 'quantitative' as const, title: parameter.path, scale: isLogAxis(parameter, values.map((row) => row.value as number)) ? { type: 'log' as const } : { zero: false } }
    : { field: 'value', type: 'ordinal' as const, title: parameter.path, sort: categoryOrder(parameter), axis: { labelAngle: 0 } };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: `${metric} against ${parameter.path}`,
    width: 360,
    height: HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'point', filled: true, size: 60, opacity: 0.8 },
    encoding: {
      x,
      y: { field: 'objective', type: 'quantitative', title: metric, scale: { zero: false } },
      color: { field: 'status', type: 'nominal', title: 'trial', legend: { orient: 'bottom' } },
      tooltip: [{ field: 'run' }, { field: 'rank' }, { field: 'value', title: parameter.path }, { field: 'objective' }],
    },
  };
  return { id: `objective-${idPart(parameter.path)}`, title: `${metric} against ${parameter.path}`, spec, legend: values.length > 0 };
}

/** A log axis for a log-uniform parameter, or positive numbers spanning a factor of 10 or more. */
export function isLogAxis(parameter: ParameterSpace, observed: readonly number[]): boolean {
  if (parameter.kind === 'log-uniform') return true;
  if (parameter.kind === 'uniform' || parameter.kind === 'int-uniform') return false;
  const positive = observed.length > 0 && observed.every((x) => x > 0);
  return positive && Math.max(...observed) / Math.min(...observed) >= 10;
}

/** Numbers and strings as they are; anything else (a list, an object) as its JSON text. */
export function displayValue(value: unknown): number | string {
  return typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);
}

function categoryOrder(parameter: ParameterSpace): (string | number)[] | undefined {
  return parameter.kind === 'values' || parameter.kind === 'choice' ? parameter.values.map(displayValue) : undefined;
}
