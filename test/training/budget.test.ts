// train.max_minutes: a run stops when its time is up, and its schedule ends its decay with the time.
import { describe, expect, it } from 'vitest';
import { TrainingBudget } from '../../framework/training/budget.js';
import { trainTiny } from '../helpers/tiny-training.js';

describe('TrainingBudget', () => {
  it('follows the steps alone without a time budget', () => {
    let clock = 0;
    const budget = new TrainingBudget({ maxIters: 100 }, () => clock);
    budget.start();
    clock = 1e9;
    expect(budget.schedulePosition(10)).toBe(10);
    expect(budget.isLastStep(99)).toBe(false);
    expect(budget.isLastStep(100)).toBe(true);
  });

  it('moves the schedule with the clock when time runs ahead of the steps, and ends when it is up', () => {
    let clock = 5_000;
    const budget = new TrainingBudget({ maxIters: 1000, maxMinutes: 1 }, () => clock);
    budget.start();
    expect(budget.schedulePosition(3)).toBe(3);
    clock += 30_000; // half the minute, but only 10 of 1000 steps done
    expect(budget.schedulePosition(10)).toBe(500);
    expect(budget.isLastStep(11)).toBe(false);
    clock += 30_000;
    expect(budget.schedulePosition(12)).toBe(1000);
    expect(budget.isLastStep(12)).toBe(true);
  });

  it('keeps the step when the steps run ahead of the clock', () => {
    let clock = 0;
    const budget = new TrainingBudget({ maxIters: 100, maxMinutes: 10 }, () => clock);
    budget.start();
    clock = 60_000; // a tenth of the time, 40% of the steps
    expect(budget.schedulePosition(40)).toBe(40);
  });
});

describe('a run with train.max_minutes', () => {
  it('stops at the time budget with a final evaluation, its learning rate decayed to min_lr', async () => {
    // A clock that moves 10 ms a step (every step logs), so that the test does not depend on the machine's speed.
    let stepsLogged = 0;
    const { outcome, steps } = await trainTiny({
      seed: 2,
      maxIters: 1_000_000,
      train: { max_minutes: 1 / 60, log_interval: 1 },
      schedule: { type: 'warmup-cosine', warmup_iters: 2, min_lr: 1e-4 },
      clock: () => stepsLogged * 10,
      onStep: () => stepsLogged++,
    });
    expect(outcome.status).toBe('completed');
    // After step 100 the clock reads 1000 ms: step 101 is the last.
    expect(outcome.step).toBe(101);
    expect(Number.isFinite(outcome.lastValLoss)).toBe(true);
    const last = steps[steps.length - 1]!;
    expect(last.step).toBe(101);
    // 99% through the cosine by the clock, though only a sliver of max_iters was run.
    expect(last.lr).toBeLessThan(2e-4);
    expect(steps[50]!.lr).toBeGreaterThan(4e-3);
  });
});
