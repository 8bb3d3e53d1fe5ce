// A stored sweep's points as table cells, best first: what `folio sweeps show` prints and what the dashboard's
// Sweep screen lays out, from one function so the two read alike.
import type { SweepPoint } from '../sweep/analysis.js';
import { printable } from './format.js';
import { formatMeanStd, formatParameterValue, formatSeeds, formatStatusCounts } from './sweep-format.js';

export interface TableCells {
  headers: string[];
  rows: string[][];
}

/**
 * Rank ("3*": ranked among the pruned points), each parameter, the objective as mean ± std, seeds done,
 * trials by status, the steps reached (when `steps`: the command has room for it, the screen does not),
 * and the trials' run ids.
 */
export function sweepPointsTable(points: readonly SweepPoint[], paths: readonly string[], metric: string, columns: { steps: boolean }): TableCells {
  const headers = ['rank', ...paths.map(printable), printable(metric), 'seeds', 'trials', ...(columns.steps ? ['steps'] : []), 'runs'];
  const rows = points.map((point) => [
    point.rank === undefined ? '-' : `${point.rank}${point.tier === 'pruned' ? '*' : ''}`,
    ...paths.map((path) => formatParameterValue(point.point[path])),
    formatMeanStd(point.objective, point.std) + (point.basis === 'pruned' ? ' (pruned)' : ''),
    formatSeeds(point.seeds),
    formatStatusCounts(point.statuses),
    ...(columns.steps ? [stepsReached(point)] : []),
    point.trials.map((trial) => trial.runId).join(','),
  ]);
  return { headers, rows };
}

/** "100", or "50-100" when the point's trials stopped at different steps. */
function stepsReached(point: SweepPoint): string {
  if (point.steps === undefined) return '-';
  return point.steps.min === point.steps.max ? String(point.steps.max) : `${point.steps.min}-${point.steps.max}`;
}
