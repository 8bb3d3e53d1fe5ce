// How a sweep's numbers and points read, the same in `folio sweeps`, the plain log and the leaderboard.
import { formatParameterValue as parameterValue, formatPoint as pointText } from '../sweep/point-label.js';
import type { SweepCounts } from '../sweep/analysis.js';
import type { Point, TrialStatus } from '../sweep/types.js';
import { formatLoss, printable } from './format.js';

/**
 * An objective value: four decimals (losses, accuracies), scientific for very large or small
 * magnitudes, "nan"/"inf" for a diverged value, "-" when there is none yet.
 */
export function formatObjective(value: number | undefined): string {
  if (value === undefined) return '-';
  if (!Number.isFinite(value)) return formatLoss(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(3);
  return value.toFixed(4);
}

/** "1.7234 ± 0.0123", or the mean alone when there is no spread to show. */
export function formatMeanStd(mean: number | undefined, std: number | undefined): string {
  if (mean === undefined || std === undefined) return formatObjective(mean);
  return `${formatObjective(mean)} ± ${formatObjective(std)}`;
}

/** A parameter's value as the sweep layer writes it (see sweep/point-label.ts), safe to print. */
export function formatParameterValue(value: unknown): string {
  return printable(parameterValue(value));
}

/** "optimizer.lr=3e-3 schedule.type=warmup-cosine", safe to print. */
export function formatPoint(point: Point): string {
  return printable(pointText(point));
}

/** "minimize val/loss". */
export function formatObjectiveName(metric: string, goal: 'minimize' | 'maximize'): string {
  return `${goal} ${printable(metric)}`;
}

/** "2 completed, 1 pruned": counts in a fixed order, zeros left out. */
export function formatStatusCounts(statuses: Record<string, number>): string {
  const order: readonly string[] = STATUS_ORDER;
  const known = STATUS_ORDER.filter((status) => (statuses[status] ?? 0) > 0);
  const others = Object.keys(statuses).filter((status) => !order.includes(status) && statuses[status]! > 0);
  return [...known, ...others.sort()].map((status) => `${statuses[status]} ${status}`).join(', ');
}

const STATUS_ORDER: readonly TrialStatus[] = [
  'completed',
  'running',
  'pending',
  'pruned',
  'failed',
  'diverged',
  'interrupted',
  'crashed',
];

/** "4/6 done", or "4 done" when the plan is not known: done is completed + pruned. */
export function formatDone(counts: SweepCounts): string {
  return counts.planned === undefined ? `${counts.done} done` : `${counts.done}/${counts.planned} done`;
}

/** "3 completed, 1 pruned, 2 interrupted, 1 waiting": every status apart, zeros left out. */
export function formatSweepCounts(counts: SweepCounts): string {
  const parts: [number, string][] = [
    [counts.completed, 'completed'],
    [counts.pruned, 'pruned'],
    [counts.running, 'running'],
    [counts.waiting, 'waiting'],
    [counts.interrupted, 'interrupted'],
    [counts.crashed, 'crashed'],
    [counts.failed, 'failed'],
    [counts.diverged, 'diverged'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, status]) => `${n} ${status}`).join(', ');
}

/** A point's seeds as "completed/total": "1/2" for a point with one of its two seeds completed. */
export function formatSeeds(seeds: { completed: number; total: number }): string {
  return `${seeds.completed}/${seeds.total}`;
}
