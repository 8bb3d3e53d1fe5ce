// Asynchronous successive halving (Li et al. 2018; Ray Tune's ASHA): rungs at min_steps, then
// every reduction_factor times further (rf = 3, min 100: 100, 300, 900, ...). At its latest rung
// a trial goes on only while it is in the top 1/rf of the trials that reached that rung, ranked
// by their values there.
//
// Choices, since the decision is a pure function of the recorded curves:
// - A trial's value at a rung is the first value it logged at or past the rung's step (its
//   evaluation steps need not fall on the rungs).
// - Fewer than rf trials at a rung (the trial included): too few to rank, so it goes on. ASHA's
//   promise is to never wait for stragglers; this only delays stopping until there is a field.
// - The trial is judged against its latest rung every time it is asked, so one let through while
//   few had reached the rung may still be stopped before the next rung once others arrive there.
import type { Curve, EarlyStop } from '../types.js';
import { isBetter, type Pruner } from './pruner.js';

export function ashaPruner(settings: Extract<EarlyStop, { type: 'asha' }>): Pruner {
  const { min_steps: minSteps, reduction_factor: factor } = settings;
  if (!(minSteps > 0) || !(factor > 1)) {
    throw new Error(`asha needs min_steps > 0 and reduction_factor > 1 (got ${minSteps} and ${factor})`);
  }
  return {
    shouldStop(trial, others, goal) {
      const step = trial.at(-1)?.step;
      const rung = step === undefined ? undefined : latestRung(step, minSteps, factor);
      if (rung === undefined) return false;
      const own = valueAtRung(trial, rung);
      if (own === undefined || !Number.isFinite(own)) return true; // it diverged
      // Others that diverged by the rung count as having reached it, behind everyone.
      const theirs = others.map((other) => valueAtRung(other.curve, rung)).filter((value) => value !== undefined);
      const reached = theirs.length + 1;
      if (reached < factor) return false;
      const kept = Math.max(1, Math.floor(reached / factor));
      const ahead = theirs.filter((value) => Number.isFinite(value) && isBetter(value, own, goal)).length;
      return ahead >= kept;
    },
  };
}

/** The step of the highest rung at or below `step`, undefined before the first rung. */
export function latestRung(step: number, minSteps: number, factor: number): number | undefined {
  if (step < minSteps) return undefined;
  let rung = minSteps;
  while (rung * factor <= step) rung *= factor;
  return rung;
}

/** The first value logged at or past `rung`; undefined when the curve has not reached it. */
function valueAtRung(curve: Curve, rung: number): number | undefined {
  return curve.find((point) => point.step >= rung)?.value;
}
