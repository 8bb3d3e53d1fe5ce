// A chart of a report: a Vega-Lite spec (kept in the page, so that it can be plotted again), its
// file-safe id, and whether it draws a legend (the browser test looks for its text).
import type { TopLevelSpec } from 'vega-lite';

export interface ChartSpec {
  /** Unique in the report, safe in a file name and an HTML id: "objective-optimizer-lr". */
  id: string;
  title: string;
  spec: TopLevelSpec;
  legend: boolean;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Sizes and fonts every chart shares: readable on a page and on a slide. */
export const CHART_CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14 },
} as const;

export const WIDTH = 560;
export const HEIGHT = 260;

/** "optimizer.lr" -> "optimizer-lr": an id part from a config path. */
export function idPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}
