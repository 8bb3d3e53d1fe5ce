// The unread losses of the loop: read in one go into the log window, the first non-finite one named.
import { beforeAll, describe, expect, it } from 'vitest';
import { activateCpu } from '../../framework/engine/backends.js';
import { tf } from '../../framework/engine/tf.js';
import { LossWindow } from '../../framework/training/loss-window.js';

const step = (loss: number) => ({ loss: tf.scalar(loss), gradNorm: tf.scalar(1) });

describe('the loss window', () => {
  beforeAll(async () => {
    await activateCpu();
  });

  it('adds the losses read at a settled step to the window, and starts empty once logged', async () => {
    const losses = new LossWindow({ loss: 1, ms: 0, steps: 1 });
    losses.add(step(2), 0.1);
    losses.add(step(3), 0.1);
    expect(await losses.settle(3)).toBeUndefined();
    expect(losses.window).toMatchObject({ loss: 6, steps: 3 });
    losses.logged();
    expect(losses.window).toEqual({ loss: 0, ms: 0, steps: 0 });
    losses.dispose();
  });

  it('names the first non-finite loss with its step and learning rate, and frees what it read', async () => {
    const before = tf.memory().numTensors;
    const losses = new LossWindow();
    losses.add(step(2), 0.3);
    losses.add(step(NaN), 0.2);
    losses.add(step(Infinity), 0.1);
    expect(await losses.settle(12)).toEqual({ step: 11, loss: NaN, lr: 0.2 });
    losses.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
