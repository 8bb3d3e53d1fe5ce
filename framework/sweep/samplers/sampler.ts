// What a sampler is: given the trials a sweep has so far, it proposes the next point to try. It only
// proposes; the study runs the trials and records them, pruners judge curves.
import type { Point, SweepSpec, TrialResult } from '../types.js';

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
