import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatGradNorm,
  formatLoss,
  formatLr,
  formatParams,
  formatRate,
  formatStepMs,
  nextStepMsAverage,
  printable,
  remainingMs,
  remainingWithinBudgetMs,
} from '../../framework/present/format.js';

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(60_000)).toBe('1m00s');
  });

  it('rounds to whole seconds, carrying into minutes', () => {
    expect(formatDuration(400)).toBe('0s');
    expect(formatDuration(59_600)).toBe('1m00s');
  });

  it('reads "--" when unknown', () => {
    expect(formatDuration(NaN)).toBe('--');
    expect(formatDuration(Infinity)).toBe('--');
    expect(formatDuration(-5)).toBe('--');
  });
});

describe('formatRate', () => {
  it('scales to k and M with one decimal', () => {
    expect(formatRate(0)).toBe('0 tok/s');
    expect(formatRate(850.4)).toBe('850 tok/s');
    expect(formatRate(12_345)).toBe('12.3k tok/s');
    expect(formatRate(2_466)).toBe('2.5k tok/s');
    expect(formatRate(1_234_567)).toBe('1.2M tok/s');
  });

  it('does not print "1000" when rounding reaches the next unit', () => {
    expect(formatRate(999.7)).toBe('1.0k tok/s');
    expect(formatRate(999_990)).toBe('1.0M tok/s');
  });

  it('spells out non-finite rates', () => {
    expect(formatRate(NaN)).toBe('nan tok/s');
    expect(formatRate(Infinity)).toBe('inf tok/s');
  });
});

describe('formatLoss and formatLr', () => {
  it('prints losses with four decimals', () => {
    expect(formatLoss(2.12344)).toBe('2.1234');
    expect(formatLoss(0)).toBe('0.0000');
  });

  it('keeps NaN and infinite losses readable', () => {
    expect(formatLoss(NaN)).toBe('nan');
    expect(formatLoss(Infinity)).toBe('inf');
    expect(formatLoss(-Infinity)).toBe('-inf');
  });

  it('prints learning rates in scientific notation', () => {
    expect(formatLr(3e-4)).toBe('3.00e-4');
    expect(formatLr(0.001)).toBe('1.00e-3');
    expect(formatLr(0)).toBe('0.00e+0');
    expect(formatLr(NaN)).toBe('nan');
  });
});

describe('smaller helpers', () => {
  it('formats gradient norms, step times and parameter counts', () => {
    expect(formatGradNorm(0.8412)).toBe('0.84');
    expect(formatGradNorm(0.00032)).toBe('3.2e-4');
    expect(formatGradNorm(0)).toBe('0.00');
    expect(formatStepMs(311.6)).toBe('312 ms/step');
    expect(formatStepMs(0)).toBe('0.0 ms/step');
    expect(formatParams(810_000)).toBe('0.81M');
    expect(formatParams(10_788_929)).toBe('10.79M');
    expect(formatParams(45_200)).toBe('45.2k');
    expect(formatParams(512)).toBe('512');
  });

  it('makes control characters harmless', () => {
    expect(printable('a\u001b[31mb\r\nc\td\u0007')).toBe('a·[31mb\nc  d·');
  });
});

describe('step time average and ETA', () => {
  it('drops a first reading taken at step 1', () => {
    const first = nextStepMsAverage(undefined, 1, 5000);
    expect(first.average).toBe(5000);
    expect(nextStepMsAverage(first, 2, 300).average).toBe(300);
  });

  it('smooths later readings', () => {
    const a = nextStepMsAverage(undefined, 50, 300);
    const b = nextStepMsAverage(a, 100, 400);
    expect(b.average).toBeGreaterThan(300);
    expect(b.average).toBeLessThan(400);
  });

  it('ignores unusable readings', () => {
    const a = nextStepMsAverage(undefined, 50, 300);
    expect(nextStepMsAverage(a, 100, NaN)).toEqual(a);
    expect(Number.isNaN(nextStepMsAverage(undefined, 1, NaN).average)).toBe(true);
  });

  it('multiplies steps left by the average', () => {
    expect(remainingMs(250, 2000, 300)).toBe(525_000);
    expect(remainingMs(2000, 2000, 300)).toBe(0);
    expect(remainingMs(2500, 2000, 300)).toBe(0);
    expect(Number.isNaN(remainingMs(10, 2000, NaN))).toBe(true);
  });

  it('ends a time-budgeted run by the end of its budget', () => {
    expect(remainingWithinBudgetMs(525_000, undefined, 10_000)).toBe(525_000);
    expect(remainingWithinBudgetMs(525_000, 2, 30_000)).toBe(90_000);
    expect(remainingWithinBudgetMs(5_000, 2, 30_000)).toBe(5_000);
    expect(remainingWithinBudgetMs(NaN, 2, 150_000)).toBe(0);
  });
});
