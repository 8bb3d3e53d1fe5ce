// Pruners: judge a running trial's curve against the other trials' and say whether to stop it.
// A pruner is a pure function of the recorded metrics; the study asks it after each new value
// and stops the trial (status `pruned`) the first time it says yes.
import type { Curve, EarlyStop, Goal, TrialResult } from '../types.js';
import { ashaPruner } from './asha.js';
import { medianPruner } from './median.js';

export interface Pruner {
  /** Whether to stop the trial whose curve so far is `trial`, given the other trials (any status). */
  shouldStop(trial: Curve, others: readonly TrialResult[], goal: Goal): boolean;
}

export function createPruner(earlyStop: EarlyStop | undefined): Pruner {
  switch (earlyStop?.type) {
    case undefined:
      return { shouldStop: () => false };
    case 'median':
      return medianPruner(earlyStop);
    case 'asha':
      return ashaPruner(earlyStop);
  }
}

/** Whether `a` is strictly better than `b` for the goal. */
export function isBetter(a: number, b: number, goal: Goal): boolean {
  return goal === 'minimize' ? a < b : a > b;
}
