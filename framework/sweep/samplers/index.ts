// Samplers: given the trials a sweep has so far, propose the next point to try (grid, random,
// tpe). A sampler only proposes; the study runs the trials and records them, pruners judge curves.
//
// Resume-safety: a sampler holds no state that matters across processes. Proposal k (k = the
// number of distinct points already tried) draws from an RNG derived from (samplerSeed, k), and
// TPE fits only the results in the history it is given. A resumed sweep re-creates its sampler,
// passes the trials the store holds, and gets exactly the proposal the uninterrupted sweep would
// have made next. Points this sampler proposed that are not in the history yet (running in
// parallel, not recorded) count as tried too, so proposing twice without recording gives two
// different points; recording them in the history changes nothing.
import type { Point, SweepSpec, TrialResult } from '../types.js';
import { gridMethod, pointKey } from './grid.js';
import { randomMethod } from './random.js';
import { tpeMethod } from './tpe.js';

/** Two points are the same point when this key is: their values, whatever the key order. */
export { pointKey } from './grid.js';

export interface Sampler {
  /** The next point to try; undefined when nothing is left (grid exhausted, budget spent). */
  propose(history: readonly TrialResult[]): Point | undefined;
}

export type SamplerSpec = Pick<SweepSpec, 'method' | 'parameters' | 'goal' | 'trials' | 'samplerSeed'>;

/** What a search method sees when it proposes. */
export interface Tried {
  /** Every distinct point tried so far, by value (`pointKey`): its size is the proposal index. */
  keys: ReadonlySet<string>;
  /** The trials as the study passed them: one per (point, seed), any status. */
  history: readonly TrialResult[];
}

/** A search method: a pure function of what has been tried. */
export type ProposeNext = (tried: Tried) => Point | undefined;

export function createSampler(spec: SamplerSpec): Sampler {
  const next = methodFor(spec);
  const proposedHere = new Set<string>();
  return {
    propose(history) {
      const keys = new Set(history.map((trial) => pointKey(trial.point)));
      for (const key of proposedHere) keys.add(key);
      // Grid tries all of its points; random and tpe stop at the budget.
      if (spec.method !== 'grid' && keys.size >= spec.trials) return undefined;
      const point = next({ keys, history });
      if (point !== undefined) proposedHere.add(pointKey(point));
      return point;
    },
  };
}

function methodFor(spec: SamplerSpec): ProposeNext {
  switch (spec.method) {
    case 'grid':
      return gridMethod(spec.parameters);
    case 'random':
      return randomMethod(spec.parameters, spec.samplerSeed);
    case 'tpe':
      return tpeMethod(spec);
  }
}
