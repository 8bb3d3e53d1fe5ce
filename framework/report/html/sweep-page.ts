// A sweep's report page: how it ran, the leaderboard, which parameters mattered, the objective
// against each parameter, parallel coordinates, the best config, the best points' curves and samples.
import { formatDuration, formatTime } from '../../present/format.js';
import { formatDone, formatMeanStd, formatObjectiveName, formatParameterValue, formatSeeds, formatStatusCounts, formatSweepCounts } from '../../present/sweep-format.js';
import type { SweepCounts } from '../../sweep/analysis.js';
import type { RenderedChart } from '../render-svg.js';
import type { SweepReport } from '../types.js';
import { chartFigure, escapeHtml, facts, htmlPage, note, pre, section, table } from './page.js';
import { provenanceFacts } from './provenance-facts.js';

/** Rows of the leaderboard on the page; the JSON export has them all. */
export const LEADERBOARD_ROWS = 100;

export function sweepPage(report: SweepReport, charts: readonly RenderedChart[]): string {
  const { leaderboard } = report;
  const chart = (id: string) => charts.find((c) => c.id === id);
  const figures = (keep: (c: RenderedChart) => boolean) => charts.filter(keep).map(chartFigure).join('\n');
  const title = `Sweep ${leaderboard.id}: ${leaderboard.name}`;
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p class="subtitle">${escapeHtml(`${formatObjectiveName(leaderboard.metric, leaderboard.goal)} · ${leaderboard.status} · ${formatDone(countsOf(leaderboard))}`)}</p></header>`,
    section('leaderboard-section', 'Leaderboard (mean ± std over seeds, best first)', leaderboardTable(report)),
    section('importance', 'Which hyperparameters mattered', importanceContent(report, chart('importance'))),
    section('objective', `${leaderboard.metric} against each parameter`, `<div class="charts">${figures((c) => c.id.startsWith('objective-'))}</div>`),
    chart('parallel-coordinates') === undefined ? '' : section('parallel', 'Parallel coordinates', chartFigure(chart('parallel-coordinates')!)),
    section('best-config', 'Best point\'s config', report.bestConfigYaml === undefined ? note('No trial has completed with a value yet.') : pre(report.bestConfigYaml, 'yaml')),
    section('curves', 'Curves of the best points', chart('top-curves') === undefined ? note('No curves recorded yet.') : chartFigure(chart('top-curves')!)),
    section('samples', 'Samples of the best points', samplesContent(report)),
    section('how-it-ran', 'How the sweep ran', facts(howItRan(report))),
    `<footer>${escapeHtml(`Written by folio report (Folio ${report.provenance.folioVersion}) at ${formatTime(report.provenance.generatedAt, true)}. Charts drawn with Vega-Lite; each chart's spec is kept with it.`)}</footer>`,
  ];
  return htmlPage(title, body.filter((part) => part !== '').join('\n'));
}

function leaderboardTable(report: SweepReport): string {
  const { leaderboard, parameters } = report;
  const paths = parameters.map((parameter) => parameter.path);
  const rows = leaderboard.points.slice(0, LEADERBOARD_ROWS).map((point) => [
    point.rank === null ? '-' : String(point.rank),
    ...paths.map((path) => formatParameterValue(point.point[path])),
    formatMeanStd(point.mean ?? undefined, point.std ?? undefined),
    formatSeeds(point.seeds),
    formatStatusCounts(point.statuses),
    point.trials.map((trial) => `#${trial.runId}`).join(' '),
  ]);
  const numeric = new Set([0, ...paths.map((_, i) => i + 1), paths.length + 1, paths.length + 2]);
  const more = leaderboard.points.length > LEADERBOARD_ROWS ? note(`The first ${LEADERBOARD_ROWS} of ${leaderboard.points.length} points; --format json has them all.`) : '';
  if (rows.length === 0) return note('No trials yet.');
  return table('leaderboard', ['rank', ...paths, leaderboard.metric, 'seeds', 'trials', 'runs'], rows, numeric) + more;
}

function importanceContent(report: SweepReport, chart: RenderedChart | undefined): string {
  const { importance } = report;
  const explanation = `<p>${escapeHtml(
    "Each parameter's share of the variance of the objective over the completed points, by functional ANOVA over a regression forest fitted to them (as Optuna's default importance evaluator).",
  )}</p>`;
  return [explanation, chart === undefined ? '' : chartFigure(chart), importance.note === undefined ? '' : note(`Note: ${importance.note}.`)].join('\n');
}

function samplesContent(report: SweepReport): string {
  if (report.samples.length === 0) return note('No samples recorded by the best points.');
  const columns = report.samples.map(
    (sample) => `<div><h3>${escapeHtml(`${sample.label} · run #${sample.runId} · step ${sample.step}`)}</h3>${pre(sample.prompt + sample.text)}</div>`,
  );
  return `<div class="samples">${columns.join('\n')}</div>`;
}

function howItRan(report: SweepReport): [string, string][] {
  const { leaderboard } = report;
  const spec = (typeof leaderboard.spec === 'object' && leaderboard.spec !== null ? leaderboard.spec : {}) as { parallel?: unknown; seeds?: unknown; base?: unknown };
  const pairs: [string, string][] = [
    ['method', leaderboard.method ?? '-'],
    ['objective', formatObjectiveName(leaderboard.metric, leaderboard.goal)],
    ['pruner', report.earlyStop ?? 'none'],
    ['trials', formatSweepCounts(countsOf(leaderboard)) || 'none yet'],
  ];
  if (typeof spec.parallel === 'number') pairs.push(['parallel', String(spec.parallel)]);
  if (Array.isArray(spec.seeds) && spec.seeds.length > 0) pairs.push(['seeds', spec.seeds.join(', ')]);
  for (const parameter of report.parameters) pairs.push([`parameter ${parameter.path}`, describeSpace(parameter)]);
  if (typeof spec.base === 'string') pairs.push(['base config', spec.base]);
  pairs.push(['started', formatTime(leaderboard.createdAt, true)]);
  pairs.push([leaderboard.status === 'running' ? 'running for' : 'took', formatDuration(leaderboard.updatedAt - leaderboard.createdAt)]);
  return [...pairs, ...provenanceFacts(report.provenance)];
}

function describeSpace(parameter: SweepReport['parameters'][number]): string {
  if (parameter.kind === 'values' || parameter.kind === 'choice') return `${parameter.kind === 'choice' ? 'choice of ' : ''}${parameter.values.map(formatParameterValue).join(', ')}`;
  return `${parameter.kind} ${formatParameterValue(parameter.min)} .. ${formatParameterValue(parameter.max)}`;
}

/** The leaderboard's counts as the sweep formats take them (JSON has null where the analysis has undefined). */
function countsOf(leaderboard: SweepReport['leaderboard']): SweepCounts {
  const { planned, ...counts } = leaderboard.counts;
  return { ...counts, planned: planned ?? undefined };
}
