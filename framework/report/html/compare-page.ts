// A comparison's report page: train and val loss overlaid (a log scale toggle that needs no
// script), the metrics with best and final, the config keys that differ, samples at a shared step.
import { formatDuration, formatRate } from '../../present/format.js';
import { formatObjective } from '../../present/sweep-format.js';
import type { RenderedChart } from '../render-svg.js';
import type { CompareReport, Figure } from '../types.js';
import { chartFigure, escapeHtml, facts, htmlPage, note, pre, section, table } from './page.js';
import { provenanceFacts } from './provenance-facts.js';

export function comparePage(report: CompareReport, charts: readonly RenderedChart[]): string {
  const title = `Comparison of runs ${report.runs.map((run) => `#${run.id}`).join(' ')}`;
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p class="subtitle">${escapeHtml(report.grouped ? 'runs that differ only by seed are grouped: mean, with the lowest to highest seed' : 'each run on its own')}</p></header>`,
    section('curves-section', 'Loss curves', curvesContent(charts)),
    section('metrics', 'Metrics', metricsTable(report)),
    section('config-diff', 'Config keys that differ', diffTable(report)),
    section('samples', report.samples.length === 0 ? 'Samples' : `Samples at step ${report.samples[0]!.step}`, samplesContent(report)),
    section('provenance', 'Where they ran', facts(provenanceFacts(report.provenance))),
    `<footer>${escapeHtml(`Written by folio report (Folio ${report.provenance.folioVersion}). Charts drawn with Vega-Lite; each chart's spec is kept with it.`)}</footer>`,
  ];
  return htmlPage(title, body.join('\n'));
}

function curvesContent(charts: readonly RenderedChart[]): string {
  const linear = charts.find((chart) => chart.id === 'loss-curves');
  const log = charts.find((chart) => chart.id === 'loss-curves-log');
  if (linear === undefined || log === undefined) return note('None of these runs logged a loss yet.');
  // A checkbox and sibling selectors switch the scale: no script, and print shows the one chosen.
  return `<input type="checkbox" id="log-scale" class="log-toggle"><label for="log-scale"> log scale</label>
<div class="curves"><div class="linear">${chartFigure(linear)}</div><div class="log">${chartFigure(log)}</div></div>`;
}

function metricsTable(report: CompareReport): string {
  const cell = (figure: Figure | null, format: (x: number) => string) =>
    figure === null ? '-' : figure.std === null ? format(figure.mean) : `${format(figure.mean)} ± ${format(figure.std)}`;
  const rows = report.metrics.map((row) => [
    row.label,
    cell(row.bestValLoss, formatObjective),
    cell(row.finalValLoss, formatObjective),
    cell(row.trainLoss, formatObjective),
    cell(row.steps, (x) => String(Math.round(x))),
    cell(row.tokensPerSecond, formatRate),
    cell(row.durationMs, formatDuration),
  ]);
  return table('metrics-table', ['run', 'best val loss', 'final val loss', 'train loss', 'steps', 'tokens/s', 'time'], rows, new Set([1, 2, 3, 4, 5, 6]));
}

function diffTable(report: CompareReport): string {
  if (report.configDiff.length === 0) return note('The configs are the same.');
  const headers = ['key', ...report.metrics.map((row) => row.runIds.map((id) => `#${id}`).join(' '))];
  return table('config-diff-table', headers, report.configDiff.map((row) => [row.path, ...row.values.map((value) => value ?? '(absent)')]));
}

function samplesContent(report: CompareReport): string {
  if (report.samples.length === 0) return note('These runs share no step at which each recorded a sample.');
  const columns = report.samples.map((sample) => `<div><h3>${escapeHtml(sample.label)}</h3>${pre(sample.prompt + sample.text)}</div>`);
  return `<div class="samples">${columns.join('\n')}</div>`;
}
