// How a sweep's numbers and points read, the same in `folio sweeps`, the plain log and the leaderboard.
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

/**
 * A parameter's value, short: learning rates as "3e-3" or "1.5e-4", other numbers with at most
 * four significant digits, strings as they are (made safe to print), anything else as JSON.
 */
export function formatParameterValue(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return formatLoss(value);
    if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
    const magnitude = Math.abs(value);
    if (magnitude < 1e-2 || magnitude >= 1e6) return compactExponential(value);
    return String(Number(value.toPrecision(4)));
  }
  if (typeof value === 'string') return printable(value);
  if (value === undefined) return '-';
  return printable(JSON.stringify(value));
}

/** "optimizer.lr=3e-3 schedule.type=warmup-cosine". */
export function formatPoint(point: Point): string {
  return Object.entries(point)
    .map(([path, value]) => `${path}=${formatParameterValue(value)}`)
    .join(' ');
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

/** 3e-3, 1.5e-4, 2.25e7: up to four significant digits, no trailing zeros. */
function compactExponential(value: number): string {
  const [mantissa, exponent] = value.toExponential(3).split('e') as [string, string];
  const trimmed = mantissa.replace(/\.?0+$/, '');
  return `${trimmed}e${exponent.replace(/^\+/, '')}`;
}
