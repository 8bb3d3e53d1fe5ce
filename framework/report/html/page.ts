// The page around a report: one self-contained HTML document (styles inline, no script, no font or
// image fetched), its charts inline as SVG with their Vega-Lite specs, readable printed.
import type { RenderedChart } from '../render-svg.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="folio report">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A chart inline as SVG, its title, and its Vega-Lite spec (folded; left out of print). */
export function chartFigure(chart: RenderedChart): string {
  return `<figure class="chart" id="chart-${chart.id}" data-chart="${chart.id}" data-legend="${chart.legend}">
${chart.svg}
<figcaption>${escapeHtml(chart.title)}</figcaption>
<details class="spec"><summary>Vega-Lite spec (plot it again in any Vega-Lite editor)</summary><pre>${escapeHtml(JSON.stringify(chart.spec, null, 1))}</pre></details>
</figure>`;
}

export function section(id: string, title: string, content: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${content}\n</section>`;
}

/** A table of text cells (escaped here); `numeric` columns are right-aligned. */
export function table(id: string, headers: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set()): string {
  const cell = (tag: string, text: string, i: number) => `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${headers.map((h, i) => cell('th', h, i)).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((text, i) => cell('td', text, i)).join('')}</tr>`).join('\n');
  return `<table id="${id}">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Facts as a two-column list. */
export function facts(pairs: readonly [string, string][]): string {
  return `<dl class="facts">${pairs.map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

export function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

export function pre(text: string, className = 'text'): string {
  return `<pre class="${className}">${escapeHtml(text)}</pre>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d1d1f; background: #fff; max-width: 1180px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.subtitle { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; font-size: 13px; margin: .4rem 0; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #e5e5e5; text-align: left; vertical-align: top; }
th { background: #f5f5f7; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
#leaderboard tbody tr:first-child td { font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0; font-size: 14px; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
figure.chart { margin: .5rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: #555; }
details.spec summary { font-size: 12px; color: #666; cursor: pointer; }
details.spec pre { max-height: 18rem; overflow: auto; font-size: 11px; background: #f7f7f7; padding: .5rem; }
pre.text, pre.yaml { white-space: pre-wrap; font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #f7f7f7; padding: .6rem .8rem; border-radius: 4px; }
.note { color: #8a5300; font-size: 13px; }
.samples { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 1rem; }
.samples h3 { font-size: 13px; margin: 0 0 .3rem; }
.curves .log { display: none; }
.log-toggle:checked ~ .curves .linear { display: none; }
.log-toggle:checked ~ .curves .log { display: block; }
footer { margin-top: 3rem; font-size: 12px; color: #777; }
@media print {
  body { margin: 0; max-width: none; font-size: 12px; }
  details.spec, .log-toggle, .log-toggle + label { display: none; }
  figure.chart, table, pre, section > h2 { break-inside: avoid; }
  h2 { break-after: avoid; }
  pre.text, pre.yaml { background: none; border: 1px solid #ccc; }
}
`;
