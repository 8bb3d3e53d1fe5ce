// The run's random number generators, forked from its seed in a fixed order.
import { Rng } from '../engine/rng.js';

/**
 * Independent generators per purpose, so that drawing more batches (say a larger
 * eval_iters) never changes the initial weights, dropout masks or samples.
 */
export interface RunRngs {
  /** Weight init and dropout. */
  model: Rng;
  /** Training and evaluation batches. */
  data: Rng;
  /** Text generation. */
  sampling: Rng;
  /** Handed to other components. */
  components: Rng;
}

export function runRngs(seed: number): RunRngs {
  const root = new Rng(seed);
  return { model: root.fork(), data: root.fork(), sampling: root.fork(), components: root.fork() };
}
