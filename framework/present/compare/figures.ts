// How a comparison's figures read, the same in the Compare view and in `folio compare`.
import { formatDuration, formatLoss, formatRate, printable } from '../format.js';
import { formatMeanStd, formatParameterValue } from '../sweep-format.js';
import type { CompareEntry } from './comparison.js';
import type { Spread } from './statistics.js';

export const METRIC_HEADERS = ['run', 'status', 'steps', 'final val', 'best val', 'train loss', 'speed', 'took'];

/** One row of the metrics table: a run's figures, or a group's mean ± std. */
export function metricCells(entry: CompareEntry): string[] {
  const statuses = [...new Set(entry.runs.map((run) => run.overview.status))].join(',');
  return [
    printable(entry.label),
    statuses,
    spreadText(entry.steps, (value) => String(Math.round(value)), false),
    spreadText(entry.finalValLoss, formatLoss, true),
    spreadText(entry.bestValLoss, formatLoss, true),
    spreadText(entry.trainLoss, formatLoss, true),
    spreadText(entry.tokensPerSecond, formatRate, false),
    spreadText(entry.durationMs, formatDuration, false),
  ];
}

/** A diff value: parameters read as in sweeps ("3e-3"), a missing key as "-". */
export function diffCell(value: unknown): string {
  return formatParameterValue(value);
}

/** Losses of a group as "mean ± std"; counts and times of a group as their mean. */
function spreadText(spread: Spread | undefined, format: (value: number) => string, withStd: boolean): string {
  if (spread === undefined) return '-';
  if (!withStd || spread.count < 2) return format(spread.mean);
  return formatMeanStd(spread.mean, spread.std);
}
