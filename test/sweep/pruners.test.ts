// Early stopping on hand-made curves: the median rule stops a trial that falls clearly behind and
// keeps a good one; ASHA keeps the top 1/reduction_factor at each rung.
import { describe, expect, it } from 'vitest';
import { createPruner } from '../../framework/sweep/pruners/index.js';
import type { Curve, TrialResult } from '../../framework/sweep/types.js';

/** A curve logged every `every` steps from `every` to `last`, value = f(step). */
const curve = (last: number, f: (step: number) => number, every = 100): Curve =>
  Array.from({ length: Math.floor(last / every) }, (_, i) => ({ step: (i + 1) * every, value: f((i + 1) * every) }));
const trial = (points: Curve, status: TrialResult['status'] = 'completed'): TrialResult =>
  ({ point: {}, seed: 1, status, value: points.at(-1)?.value, curve: points });
/** A loss that falls from `start` towards `floor`. */
const loss = (start: number, floor: number) => (step: number) => floor + (start - floor) * Math.exp(-step / 300);

describe('no early stopping', () => {
  it('never stops a trial', () => {
    const others = [trial(curve(1000, loss(2, 1)))];
    expect(createPruner(undefined).shouldStop(curve(500, () => 99), others, 'minimize')).toBe(false);
  });
});

describe('median stopping', () => {
  const pruner = createPruner({ type: 'median', warmup_steps: 200, min_trials: 3 });
  const others = [loss(3, 1.5), loss(3, 1.6), loss(3, 1.7), loss(3, 1.8)].map((f) => trial(curve(1000, f)));

  it('stops a clearly worse curve and keeps a good one', () => {
    expect(pruner.shouldStop(curve(400, loss(3.5, 2.5)), others, 'minimize')).toBe(true);
    expect(pruner.shouldStop(curve(400, loss(3, 1.4)), others, 'minimize')).toBe(false);
  });

  it('judges nothing before the warmup steps', () => {
    expect(pruner.shouldStop(curve(100, loss(3.5, 2.5)), others, 'minimize')).toBe(false);
  });

  it('waits for min_trials other trials that reached the same step', () => {
    // Two trials went far enough; the others stopped at step 200, where every loss is higher.
    const few = [...others.slice(0, 2), ...others.slice(2).map((t) => trial(t.curve.slice(0, 2), 'pruned'))];
    expect(pruner.shouldStop(curve(400, loss(3.5, 2.5)), few, 'minimize')).toBe(false);
    expect(pruner.shouldStop(curve(200, loss(3.5, 2.5)), few, 'minimize')).toBe(true);
  });

  it('compares best values so far: one bad evaluation does not stop a good trial', () => {
    const spike = curve(400, (step) => (step === 400 ? 9 : loss(3, 1.4)(step)));
    expect(pruner.shouldStop(spike, others, 'minimize')).toBe(false);
  });

  it('respects the goal', () => {
    const accuracies = others.map((t) => trial(t.curve.map(({ step, value }) => ({ step, value: -value }))));
    const worse = curve(400, (step) => -loss(3.5, 2.5)(step));
    expect(pruner.shouldStop(worse, accuracies, 'maximize')).toBe(true);
    expect(pruner.shouldStop(worse, accuracies, 'minimize')).toBe(false);
    expect(pruner.shouldStop(curve(400, (step) => -loss(3, 1.4)(step)), accuracies, 'maximize')).toBe(false);
  });
});

describe('asha', () => {
  // Rungs at 100, 300, 900.
  const pruner = createPruner({ type: 'asha', min_steps: 100, reduction_factor: 3 });
  /** A trial that logged `value` at every step up to `last`. */
  const flat = (last: number, value: number) => curve(last, () => value);

  it('lets every trial run to the first rung', () => {
    expect(pruner.shouldStop(flat(50, 9), [], 'minimize')).toBe(false);
  });

  it('lets a trial go on while fewer than reduction_factor trials reached its rung', () => {
    expect(pruner.shouldStop(flat(100, 9), [trial(flat(100, 1))], 'minimize')).toBe(false);
  });

  it('keeps only the top third at a rung', () => {
    const field = [trial(flat(100, 1)), trial(flat(100, 2))];
    expect(pruner.shouldStop(flat(100, 0.5), field, 'minimize')).toBe(false);
    expect(pruner.shouldStop(flat(100, 1.5), field, 'minimize')).toBe(true);
    // Six at the rung: the best two go on.
    const six = [1, 2, 3, 4, 5].map((value) => trial(flat(100, value)));
    expect(pruner.shouldStop(flat(100, 1.5), six, 'minimize')).toBe(false);
    expect(pruner.shouldStop(flat(100, 2.5), six, 'minimize')).toBe(true);
    expect(pruner.shouldStop(flat(100, 4.5), six, 'maximize')).toBe(false);
  });

  it('ranks trials by their values at the rung, between rungs too', () => {
    // At step 200 the trial is still judged at rung 100, by its value there (1.5: second of three).
    const improving = curve(200, (step) => (step === 100 ? 1.5 : 0.1));
    const field = [trial(flat(900, 1)), trial(flat(900, 2))];
    expect(pruner.shouldStop(improving, field, 'minimize')).toBe(true);
  });

  it('judges a trial at a higher rung only against the trials that reached it', () => {
    // Stopped at rung 100, these two say nothing about rung 300.
    const field = [trial(flat(100, 0.1), 'pruned'), trial(flat(100, 0.2), 'pruned'), trial(flat(900, 1)), trial(flat(900, 2))];
    const reachedSecond = curve(300, (step) => (step < 300 ? 0.05 : 1.5));
    expect(pruner.shouldStop(reachedSecond, field, 'minimize')).toBe(true);
    expect(pruner.shouldStop(reachedSecond, field.slice(0, 3), 'minimize')).toBe(false);
  });

  it('uses the first value logged at or past a rung when evaluations miss it', () => {
    // Evaluated every 250 steps: rung 300 is reached at step 500.
    const sparse = (value: number) => curve(500, (step) => (step < 500 ? 0 : value), 250);
    const field = [trial(sparse(1)), trial(sparse(2))];
    expect(pruner.shouldStop(sparse(0.5), field, 'minimize')).toBe(false);
    expect(pruner.shouldStop(sparse(1.5), field, 'minimize')).toBe(true);
  });
});
