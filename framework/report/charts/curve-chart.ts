// Curves over steps: one line per series, with a band from its lowest to its highest run where a
// series has several (seeds), optionally on a log scale.
import type { TopLevelSpec } from 'vega-lite';
import type { CurveSeries } from '../types.js';
import { CHART_CONFIG, HEIGHT, VEGA_LITE_SCHEMA, WIDTH, type ChartSpec } from './chart.js';

export interface CurveChartOptions {
  id: string;
  title: string;
  metric: string;
  log: boolean;
}

const DASHES = [[1, 0], [6, 3], [2, 2]];

/** Each layer is one metric (val loss, train loss) of every series; several layers differ by dash, the first solid. */
export function curveChart(layers: readonly { kind: string; series: readonly CurveSeries[] }[], options: CurveChartOptions): ChartSpec {
  const values = layers.flatMap(({ kind, series }) =>
    series.flatMap((curve) => curve.points.map((point) => ({ series: curve.label, kind, step: point.step, value: point.value, low: point.low, high: point.high }))),
  );
  const banded = layers.some(({ series }) => series.some((curve) => curve.runIds.length > 1));
  const scale = options.log ? { type: 'log' as const } : { zero: false };
  const several = layers.length > 1;
  const color = { field: 'series', type: 'nominal' as const, title: null, legend: { orient: 'bottom' as const, direction: 'vertical' as const } };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title,
    width: WIDTH,
    height: HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      color,
    },
    layer: [
      ...(banded ? [{ mark: { type: 'area' as const, opacity: 0.18 }, encoding: { y: { field: 'low', type: 'quantitative' as const, scale }, y2: { field: 'high' }, detail: { field: 'kind' } } }] : []),
      {
        mark: { type: 'line', strokeWidth: 1.6 },
        encoding: {
          y: { field: 'value', type: 'quantitative', title: `${options.metric}${options.log ? ' (log scale)' : ''}`, scale },
          // The first kind solid, the next dashed: the order the caller gave, not the alphabet's.
          ...(several ? { strokeDash: { field: 'kind', type: 'nominal', title: null, legend: { orient: 'bottom' }, scale: { domain: layers.map((l) => l.kind), range: DASHES.slice(0, layers.length) } } } : {}),
        },
      },
    ],
  };
  return { id: options.id, title: options.title, spec, legend: values.length > 0 };
}
