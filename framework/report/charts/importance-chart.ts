// Hyperparameter importance as horizontal bars, most important on top.
import type { TopLevelSpec } from 'vega-lite';
import type { ImportanceResult } from '../../sweep/importance.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA, WIDTH, type ChartSpec } from './chart.js';

export function importanceChart(result: ImportanceResult): ChartSpec | undefined {
  if (result.parameters.length === 0) return undefined;
  const basis = `${result.points} completed points${result.reliable ? '' : ' (too few: rough)'}`;
  const values = result.parameters.map((parameter) => ({ parameter: parameter.path, importance: parameter.importance, basis }));
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Hyperparameter importance (fANOVA)',
    width: WIDTH,
    height: { step: 26 },
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'parameter', type: 'nominal', sort: '-x', title: null },
      x: { field: 'importance', type: 'quantitative', title: 'share of the objective\'s variance (shares sum to 1)', scale: { domain: [0, 1] } },
      color: { field: 'basis', type: 'nominal', title: 'fitted to', legend: { orient: 'bottom' }, scale: { range: [result.reliable ? '#4c78a8' : '#bab0ac'] } },
      tooltip: [{ field: 'parameter' }, { field: 'importance', format: '.3f' }],
    },
  };
  return { id: 'importance', title: 'Hyperparameter importance', spec, legend: true };
}
