// What a pruner is: a pure judge of a running trial's curve against the other trials'. The study
// asks it after each new value and stops the trial (status `pruned`) the first time it says yes.
import type { Curve, Goal, TrialResult } from '../types.js';

export interface Pruner {
  /** Whether to stop the trial whose curve so far is `trial`, given the other trials (any status). */
  shouldStop(trial: Curve, others: readonly TrialResult[], goal: Goal): boolean;
}

/** Whether `a` is strictly better than `b` for the goal. */
export function isBetter(a: number, b: number, goal: Goal): boolean {
  return goal === 'minimize' ? a < b : a > b;
}
