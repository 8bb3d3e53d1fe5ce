// The comparison's charts: train and val loss overlaid, on a linear and on a log scale (the page
// shows one at a time).
import type { CompareReport } from '../types.js';
import type { ChartSpec } from './chart.js';
import { curveChart } from './curve-chart.js';

export function compareCharts(report: CompareReport): ChartSpec[] {
  const layers = [
    { kind: 'val loss', series: report.valCurves },
    { kind: 'train loss', series: report.trainCurves },
  ].filter((layer) => layer.series.some((curve) => curve.points.length > 0));
  if (layers.length === 0) return [];
  const band = report.grouped ? ' (band: lowest to highest seed)' : '';
  return [false, true].map((log) =>
    curveChart(layers, { id: log ? 'loss-curves-log' : 'loss-curves', title: `Loss: val solid, train dashed${band}`, metric: 'loss', log }),
  );
}
