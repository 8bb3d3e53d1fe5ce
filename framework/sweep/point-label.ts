// How a point and its values are written, the same wherever a trial is named: its run's name in
// the store (`lr-sweep · optimizer.lr=3e-3 model.n_layer=6 · seed 2`), the leaderboard, `folio
// sweeps`, `folio compare`. Plain text: views make it safe to print.
import type { Point } from './types.js';

/**
 * A parameter's value, short: learning rates as "3e-3" or "1.5e-4", other numbers with at most
 * four significant digits, strings as they are, anything else as JSON.
 */
export function formatParameterValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
    const magnitude = Math.abs(value);
    if (magnitude < 1e-2 || magnitude >= 1e6) return compactExponential(value);
    return String(Number(value.toPrecision(4)));
  }
  if (typeof value === 'string') return value;
  if (value === undefined) return '-';
  return JSON.stringify(value);
}

/** "optimizer.lr=3e-3 schedule.type=warmup-cosine". */
export function formatPoint(point: Point): string {
  return Object.entries(point)
    .map(([path, value]) => `${path}=${formatParameterValue(value)}`)
    .join(' ');
}

/** A trial run's name: "lr-sweep · optimizer.lr=3e-3 · seed 2" (the point left out when the sweep varies nothing). */
export function trialRunName(sweepName: string, point: Point, seed: number): string {
  const where = formatPoint(point);
  return [sweepName, ...(where === '' ? [] : [where]), `seed ${seed}`].join(' · ');
}

/** 3e-3, 1.5e-4, 2.25e7: up to four significant digits, no trailing zeros. */
function compactExponential(value: number): string {
  const [mantissa, exponent] = value.toExponential(3).split('e') as [string, string];
  const trimmed = mantissa.replace(/\.?0+$/, '');
  return `${trimmed}e${exponent.replace(/^\+/, '')}`;
}
