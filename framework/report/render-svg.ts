// Draws a chart's Vega-Lite spec to SVG in Node: vega-lite compiles it to a Vega spec, a headless
// Vega view renders it (no browser, no canvas). Each SVG's internal ids (clip paths, gradients) are
// prefixed with the chart's id, so that several charts inline in one page never share one.
import { compile } from 'vega-lite';
import { parse, View, type Loader } from 'vega';
import type { ChartSpec } from './charts/chart.js';

export interface RenderedChart extends ChartSpec {
  svg: string;
}

export async function renderChart(chart: ChartSpec): Promise<RenderedChart> {
  // Vega-Lite's warnings (a scale setting it drops) are for the spec's author, not the report's reader.
  const vegaSpec = compile(chart.spec, { logger: quietLogger() }).spec;
  // Vega's loader is never asked for anything: every chart's data is inline. Refusing it makes sure.
  // Errors only (vega's level 1): a warning such as an empty chart's "infinite extent" is not the reader's concern.
  const view = new View(parse(vegaSpec), { renderer: 'none', loader: refusingLoader(), logLevel: 1 });
  try {
    const svg = await view.toSVG();
    return { ...chart, svg: prefixIds(svg, chart.id) };
  } finally {
    view.finalize();
  }
}

export async function renderCharts(charts: readonly ChartSpec[]): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const chart of charts) rendered.push(await renderChart(chart));
  return rendered;
}

function quietLogger() {
  const logger = { level: () => logger, error: () => logger, warn: () => logger, info: () => logger, debug: () => logger };
  return logger as unknown as NonNullable<Parameters<typeof compile>[1]>['logger'];
}

function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

function refusingLoader() {
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(`a report chart asked to load ${uri}; its data must be inline`);
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse, fileAccess: false } as unknown as Loader;
}
