// Every chart of a sweep's report, in page order.
import type { SweepReport } from '../types.js';
import type { ChartSpec } from './chart.js';
import { curveChart } from './curve-chart.js';
import { importanceChart } from './importance-chart.js';
import { objectiveCharts } from './objective-charts.js';
import { parallelCoordinatesChart } from './parallel-coordinates.js';

export function sweepCharts(report: SweepReport): ChartSpec[] {
  const metric = report.leaderboard.metric;
  const charts: (ChartSpec | undefined)[] = [
    importanceChart(report.importance),
    ...objectiveCharts(report),
    parallelCoordinatesChart(report),
    report.topCurves.some((curve) => curve.points.length > 0)
      ? curveChart([{ kind: metric, series: report.topCurves }], { id: 'top-curves', title: `${metric} of the best points${seedBands(report) ? ' (band: lowest to highest seed)' : ''}`, metric, log: false })
      : undefined,
  ];
  return charts.filter((chart): chart is ChartSpec => chart !== undefined);
}

function seedBands(report: SweepReport): boolean {
  return report.topCurves.some((curve) => curve.runIds.length > 1);
}
