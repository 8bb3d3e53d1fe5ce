// The smallest end-to-end learning check: a tiny GPT memorises a short text.
import { describe, expect, it } from 'vitest';
import { trainTiny } from '../helpers/tiny-training.js';

describe('training', () => {
  it('drives a tiny GPT below 0.1 loss on a short text it sees over and over', async () => {
    const { outcome, losses } = await trainTiny({ seed: 1, maxIters: 300 });
    expect(outcome.status).toBe('completed');
    expect(losses[0]).toBeGreaterThan(2);
    expect(Math.min(...losses.slice(-10))).toBeLessThan(0.1);
  });

  it('gives the same losses for the same seed, and different ones for another seed', async () => {
    const first = await trainTiny({ seed: 3, maxIters: 15 });
    const again = await trainTiny({ seed: 3, maxIters: 15 });
    const other = await trainTiny({ seed: 4, maxIters: 15 });
    expect(again.losses).toEqual(first.losses);
    expect(other.losses).not.toEqual(first.losses);
  });

  it('keeps the number of live tensors flat from step to step', async () => {
    const { tensorsAfterStep } = await trainTiny({ seed: 5, maxIters: 20 });
    expect(new Set(tensorsAfterStep.slice(2)).size).toBe(1);
  });
});
