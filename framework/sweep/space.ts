// Search spaces: the grid's points in a fixed order, random points from a seeded generator, the
// `--set` arguments that put a point into a config, and a trial's identity.
import { createHash } from 'node:crypto';
import type { ParameterSpace, Point } from './types.js';

/** The values a grid tries for one parameter: its list, or a choice's values. */
function gridValues(parameter: ParameterSpace): readonly unknown[] {
  if (parameter.kind === 'values' || parameter.kind === 'choice') return parameter.values;
  // spec.ts refuses distributions in a grid with the sweep file's position; reaching this is a bug.
  throw new Error(`a grid cannot enumerate the ${parameter.kind} distribution of ${parameter.path}`);
}

/** How many points the grid over `parameters` has (1 for no parameters: the base config itself). */
export function countGridPoints(parameters: readonly ParameterSpace[]): number {
  return parameters.reduce((count, parameter) => count * gridValues(parameter).length, 1);
}

/**
 * Every combination of the parameters' values, the first parameter varying slowest, so that
 * `[lr: a, b] x [n_layer: 2, 4]` runs a/2, a/4, b/2, b/4 and a sweep resumed later sees the same order.
 */
export function gridPoints(parameters: readonly ParameterSpace[]): Point[] {
  let points: Point[] = [{}];
  for (const parameter of parameters) {
    const values = gridValues(parameter);
    points = points.flatMap((point) => values.map((value) => ({ ...point, [parameter.path]: value })));
  }
  return points;
}

/** `values[i]` for a uniform `u` in [0, 1). */
function pick(values: readonly unknown[], u: number): unknown {
  return values[Math.min(values.length - 1, Math.floor(u * values.length))];
}

/** One value of `parameter` from one uniform draw `u` in [0, 1). */
export function sampleValue(parameter: ParameterSpace, u: number): unknown {
  switch (parameter.kind) {
    case 'values':
    case 'choice':
      return pick(parameter.values, u);
    case 'uniform':
      return parameter.min + (parameter.max - parameter.min) * u;
    case 'log-uniform': {
      // Uniform in log space: 1e-4..1e-2 draws as many values below 1e-3 as above it.
      const low = Math.log(parameter.min);
      return Math.exp(low + (Math.log(parameter.max) - low) * u);
    }
    case 'int-uniform': {
      // Both bounds included: int-uniform 2..4 draws 2, 3 and 4 equally often.
      const span = parameter.max - parameter.min + 1;
      return Math.min(parameter.max, parameter.min + Math.floor(u * span));
    }
  }
}

/**
 * A random point: one draw from `next` (uniform in [0, 1), e.g. `() => rng.next()` of Folio's
 * seeded Rng) per parameter, in the parameters' order, so the same seed gives the same points.
 */
export function samplePoint(parameters: readonly ParameterSpace[], next: () => number): Point {
  const point: Point = {};
  for (const parameter of parameters) point[parameter.path] = sampleValue(parameter, next());
  return point;
}

/**
 * The `--set` arguments that apply a point to its base config, in the parameters' order (a
 * component's `type` listed before its settings is applied first). Values are written as JSON,
 * which `--set` reads back as YAML: strings come back as strings, numbers as numbers.
 */
export function pointOverrides(point: Point): string[] {
  return Object.entries(point).map(([path, value]) => `${path}=${JSON.stringify(value) ?? 'null'}`);
}

/** A trial's identity: what it trains (the hash of its resolved config) and with which seed. */
export function trialKey(resolvedConfigHash: string, seed: number): string {
  return createHash('sha256').update(`${resolvedConfigHash}:${seed}`).digest('hex').slice(0, 16);
}
