// Median stopping (Google Vizier; Optuna's MedianPruner): at step s, stop a trial whose best value
// so far is worse than the median of the other trials' best values up to the same step.
//
// Best-so-far on both sides, as Optuna does for the judged trial: a noisy evaluation or a late
// rise in validation loss does not stop a trial that did well earlier, and the comparison is
// symmetric. Only trials that have reached step s count: a trial stopped (or still running) at
// an earlier step would be compared at a point in training where every loss is higher.
import type { Curve, EarlyStop, Goal, TrialResult } from '../types.js';
import { isBetter, type Pruner } from './pruner.js';

export function medianPruner(settings: Extract<EarlyStop, { type: 'median' }>): Pruner {
  return {
    shouldStop(trial, others, goal) {
      const step = trial.at(-1)?.step;
      if (step === undefined || step < settings.warmup_steps) return false;
      const own = bestUpTo(trial, step, goal);
      // Nothing but NaN or infinities: the trial diverged, and training it further cannot help.
      if (own === undefined) return true;
      const theirs = others
        .filter((other) => (other.curve.at(-1)?.step ?? -Infinity) >= step)
        .map((other) => bestUpTo(other.curve, step, goal))
        .filter((value) => value !== undefined);
      if (theirs.length === 0 || theirs.length < settings.min_trials) return false;
      return isBetter(median(theirs), own, goal);
    },
  };
}

/** The best finite value a curve logged at or before `step`. */
function bestUpTo(curve: Curve, step: number, goal: Goal): number | undefined {
  let best: number | undefined;
  for (const point of curve) {
    if (point.step > step) break;
    if (Number.isFinite(point.value) && (best === undefined || isBetter(point.value, best, goal))) best = point.value;
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
