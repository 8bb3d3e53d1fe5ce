// folio compare <id> <id>...: runs side by side for scripts and pipes: metrics, the config keys
// that differ, a small text chart of val loss; or all of it as --json.
import { compareRuns, missingRuns, type Comparison } from '../../present/compare/comparison.js';
import { diffCell, METRIC_HEADERS, metricCells } from '../../present/compare/figures.js';
import { chartText, plotChart } from '../../present/chart/plot.js';
import { seriesMarker } from '../../present/chart/palette.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { StoreReader } from '../../tracking/store-reader.js';
import { idArgument, mistake, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { printable } from '../../present/format.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { STORE_OPTION } from '../common-options.js';
import { indent, toJson } from '../listing.js';
import { formatTable } from '../../present/table.js';

export const compareDeclaration = {
  name: 'compare',
  summary: 'runs side by side: metrics, the config keys that differ, a val-loss chart',
  positionals: [{ name: '<id> <id>...', complete: 'run-ids' }],
  options: {
    'group-seeds': { kind: 'boolean', help: 'runs that differ only in their seed become one entry (mean ± std)' },
    json: { kind: 'boolean', help: 'print JSON for scripts' },
    ...STORE_OPTION,
  },
} as const satisfies CommandDeclaration;

export const compareUsage = usageLine(compareDeclaration);

const CHART_WIDTH = 72;
const CHART_HEIGHT = 12;

export async function compareCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(compareDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  const ids = [...new Set(positionals.map((text) => idArgument(compareDeclaration, text, 'run id')))];
  if (ids.length < 2) throw mistake(compareDeclaration, `compare needs at least two different run ids, got ${ids.length}`);
  const path = resolveStorePath(values.store, io);
  const reader = StoreReader.open(path);
  if (reader === undefined) throw new UserError(`no runs to compare in ${path} (there is no store there yet)`);
  try {
    const missing = missingRuns(reader, ids);
    if (missing.length > 0) throw new UserError(`no run ${missing.join(', ')} in ${path} (see folio runs list)`);
    const comparison = compareRuns(reader, ids, { groupSeeds: values['group-seeds'], points: CHART_WIDTH });
    io.stdout.write(values.json ? toJson(comparisonJson(comparison)) : comparisonText(comparison));
    return 0;
  } finally {
    reader.close();
  }
}

export function comparisonText(comparison: Comparison): string {
  const { entries } = comparison;
  const out: string[] = [`compare ${comparison.runs.map((run) => `#${run.overview.id}`).join(' ')}${comparison.grouped ? ' (seeds grouped: mean ± std)' : ''}`];
  out.push('', 'metrics');
  out.push(...indent(formatTable(METRIC_HEADERS, entries.map(metricCells)).trimEnd()));

  out.push('', 'config (only the keys that differ)');
  if (comparison.diff.length === 0) out.push('  the configs are the same');
  else {
    const table = formatTable(
      ['key', ...entries.map((entry) => `#${entry.runs.map((run) => run.overview.id).join(',#')}`)],
      comparison.diff.map((row) => [printable(row.path), ...row.values.map(diffCell)]),
    );
    out.push(...indent(table.trimEnd()));
  }

  out.push('', comparison.grouped ? 'val loss (mean over seeds; · the lowest to highest seed)' : 'val loss');
  const series = entries.map((entry, i) => ({
    marker: seriesMarker(i),
    points: entry.curve.map((point) => ({ x: point.step, y: point.value, ...(entry.runs.length > 1 ? { low: point.low, high: point.high } : {}) })),
  }));
  out.push(...indent(chartText(plotChart(series, { width: CHART_WIDTH, height: CHART_HEIGHT, mode: 'marker' }))));
  out.push(...indent(entries.map((entry, i) => `${seriesMarker(i)} ${printable(entry.label)}`).join('   ')));
  return `${out.join('\n')}\n`;
}

function comparisonJson(comparison: Comparison) {
  return {
    grouped: comparison.grouped,
    runs: comparison.runs.map((run) => ({ ...run.overview, trainLoss: run.trainLoss, durationMs: run.durationMs, error: run.error, config: run.config })),
    entries: comparison.entries.map((entry) => ({
      label: entry.label,
      runIds: entry.runs.map((run) => run.overview.id),
      finalValLoss: entry.finalValLoss ?? null,
      bestValLoss: entry.bestValLoss ?? null,
      trainLoss: entry.trainLoss ?? null,
      steps: entry.steps ?? null,
      tokensPerSecond: entry.tokensPerSecond ?? null,
      durationMs: entry.durationMs ?? null,
      sweepPoint: entry.sweepPoint === undefined ? null : { ...entry.sweepPoint, rank: entry.sweepPoint.rank ?? null, objective: entry.sweepPoint.objective ?? null, std: entry.sweepPoint.std ?? null, basis: entry.sweepPoint.basis ?? null },
      valLossCurve: entry.curve.map(({ step, value, low, high }) => ({ step, value, low, high })),
    })),
    configDiff: comparison.diff.map((row) => ({ path: row.path, values: row.values.map((value) => value ?? null) })),
  };
}
