// From a report's data to what is written: its charts drawn once, then the page, the PNGs or the JSON.
import { compareCharts } from './charts/compare-charts.js';
import { sweepCharts } from './charts/sweep-charts.js';
import type { ChartSpec } from './charts/chart.js';
import { comparePage } from './html/compare-page.js';
import { sweepPage } from './html/sweep-page.js';
import { renderCharts, type RenderedChart } from './render-svg.js';
import type { Report } from './types.js';

export function chartsOf(report: Report): ChartSpec[] {
  return report.kind === 'sweep' ? sweepCharts(report) : compareCharts(report);
}

export async function drawCharts(report: Report): Promise<RenderedChart[]> {
  return renderCharts(chartsOf(report));
}

export function reportPage(report: Report, charts: readonly RenderedChart[]): string {
  return report.kind === 'sweep' ? sweepPage(report, charts) : comparePage(report, charts);
}

/** The report's data and each chart's Vega-Lite spec, for scripts. */
export function reportDocument(report: Report): Report & { charts: { id: string; title: string; spec: unknown }[] } {
  return { ...report, charts: chartsOf(report).map(({ id, title, spec }) => ({ id, title, spec })) };
}
