// Random search: proposal k is drawn from its own RNG, derived from (samplerSeed, k), so it does
// not depend on how many draws earlier proposals took nor on whether they were made in this process.
import { Rng } from '../../engine/rng.js';
import { gridPoints, samplePoint } from '../space.js';
import type { ParameterSpace, Point } from '../types.js';
import { pointKey } from './grid.js';
import type { ProposeNext } from './sampler.js';

/** Draws before concluding that a space has few untried points left (continuous ones never get there). */
const DRAWS_BEFORE_ENUMERATING = 100;

export function randomMethod(parameters: readonly ParameterSpace[], seed: number): ProposeNext {
  return ({ keys }) => untriedRandomPoint(parameters, proposalRng(seed, keys.size), keys);
}

/** The generator for proposal `index` of a sampler seeded with `seed`. */
export function proposalRng(seed: number, index: number): Rng {
  // Mix (seed, index) into one well-spread 32-bit state (murmur3's finalizer), so that nearby
  // seeds and indices give unrelated streams rather than shifted copies of one stream.
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

/**
 * A random point not tried yet. Repeats are redrawn: a sweep identifies a trial by its config, so a
 * repeated point would be skipped and waste a proposal. A finite space that random draws keep
 * missing is nearly exhausted: pick among its untried points; undefined when none is left.
 */
export function untriedRandomPoint(parameters: readonly ParameterSpace[], rng: Rng, tried: ReadonlySet<string>): Point | undefined {
  for (let draw = 0; draw < DRAWS_BEFORE_ENUMERATING; draw++) {
    const point = samplePoint(parameters, () => rng.next());
    if (!tried.has(pointKey(point))) return point;
  }
  const lists = finiteLists(parameters);
  if (lists === undefined) return undefined;
  const left = gridPoints(lists).filter((point) => !tried.has(pointKey(point)));
  return left.length === 0 ? undefined : left[rng.int(left.length)];
}

/** The space as lists of values, when it is finite (no continuous distribution). */
function finiteLists(parameters: readonly ParameterSpace[]): ParameterSpace[] | undefined {
  const lists: ParameterSpace[] = [];
  for (const parameter of parameters) {
    if (parameter.kind === 'uniform' || parameter.kind === 'log-uniform') return undefined;
    if (parameter.kind !== 'int-uniform') lists.push(parameter);
    else {
      const values = Array.from({ length: parameter.max - parameter.min + 1 }, (_, i) => parameter.min + i);
      lists.push({ path: parameter.path, kind: 'values', values });
    }
  }
  return lists;
}
