// A resumed run keeps to its train.max_minutes: the training time before the checkpoint counts.
import { describe, expect, it } from 'vitest';
import { TrainingBudget } from '../../framework/training/budget.js';

describe('a time budget across a resume', () => {
  it('counts the time spent before the checkpoint, for the stop and for the schedule', () => {
    let now = 1_000_000;
    const budget = new TrainingBudget({ maxIters: 1000, maxMinutes: 1 }, () => now);
    budget.start(45_000); // the checkpoint said 45 s of the minute were spent
    expect(budget.elapsedMs()).toBe(45_000);
    expect(budget.schedulePosition(10)).toBe(750); // three quarters of the time: three quarters of the schedule
    now += 14_000;
    expect(budget.isLastStep(11)).toBe(false);
    now += 1_000;
    expect(budget.isLastStep(12)).toBe(true);
  });
});
