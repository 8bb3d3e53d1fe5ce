// Grid search: every combination of the parameters' values, in order, each once. Also what makes
// two points the same: their values, not object identity or key order.
import { gridPoints } from '../space.js';
import type { ParameterSpace, Point } from '../types.js';
import type { ProposeNext } from './sampler.js';

/** The first point of the grid not tried yet. */
export function gridMethod(parameters: readonly ParameterSpace[]): ProposeNext {
  let points: Point[] | undefined; // built on first use, once
  return ({ keys }) => {
    points ??= gridPoints(parameters);
    return points.find((point) => !keys.has(pointKey(point)));
  };
}

/** A point's identity by value: canonical JSON, object keys sorted at every depth. */
export function pointKey(point: Point): string {
  return valueKey(point);
}

/** The same for one parameter's value (a category may be an object or a list). */
export function valueKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${valueKey(record[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
