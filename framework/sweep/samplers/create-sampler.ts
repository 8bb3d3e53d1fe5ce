// The sampler a sweep file's `method` names (grid, random, tpe).
//
// Resume-safety: a sampler holds no state that matters across processes. Proposal k (k = the
// number of distinct points already tried) draws from an RNG derived from (samplerSeed, k), and
// TPE fits only the results in the history it is given. A resumed sweep re-creates its sampler,
// passes the trials the store holds, and gets exactly the proposal the uninterrupted sweep would
// have made next. Points this sampler proposed that are not in the history yet (running in
// parallel, not recorded) count as tried too, so proposing twice without recording gives two
// different points; recording them in the history changes nothing.
import { gridMethod, pointKey } from './grid.js';
import { randomMethod } from './random.js';
import type { ProposeNext, Sampler, SamplerSpec } from './sampler.js';
import { tpeMethod } from './tpe.js';

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
