// Each optimizer minimises a simple quadratic, and weight decay touches only decayed parameters.
import { describe, expect, it } from 'vitest';
import adam from '../../components/optimizer/adam.js';
import adamw from '../../components/optimizer/adamw.js';
import sgd from '../../components/optimizer/sgd.js';
import { activateCpu } from '../../framework/engine/backends.js';
import { servicesWithoutRun } from '../../framework/container/run-services.js';
import { Rng } from '../../framework/engine/rng.js';
import { tf } from '../../framework/engine/tf.js';
import type { Optimizer, Parameter } from '../../framework/registry/contracts.js';

const ctx = { rng: new Rng(1), configDir: '.', services: servicesWithoutRun('.') };
let made = 0;

function parameter(values: number[], decay: boolean): Parameter {
  const start = tf.tensor1d(values);
  const variable = tf.variable(start, true, `optimizer-test-${made++}`);
  start.dispose();
  return { name: `p${made}`, variable, decay };
}

/** Takes `steps` steps on f(w) = sum((w - 3)^2) from w = 0; returns the final weights. */
function minimise(optimizer: Optimizer, lr: number, steps: number): number[] {
  const param = parameter([0, 0, 0], false);
  for (let i = 0; i < steps; i++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(param.variable, 3))) as tf.Scalar, [param.variable]);
      optimizer.step([param], { [param.name]: grads[param.variable.name]! }, lr);
    });
  }
  const result = Array.from(param.variable.dataSync());
  optimizer.dispose();
  param.variable.dispose();
  return result;
}

describe('optimizers', () => {
  it('sgd (with momentum), adam and adamw all reach the minimum of a quadratic', async () => {
    await activateCpu();
    const near = (values: number[]) => values.every((v) => Math.abs(v - 3) < 0.05);
    expect(near(minimise(sgd.create({ lr: 0.1, momentum: 0.5, weight_decay: 0 }, ctx), 0.1, 100))).toBe(true);
    expect(near(minimise(adam.create({ lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 }, ctx), 0.1, 300))).toBe(true);
    expect(near(minimise(adamw.create({ lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 }, ctx), 0.1, 300))).toBe(true);
  });

  it('adamw shrinks decayed weights by lr * weight_decay and leaves the others alone', async () => {
    await activateCpu();
    const decayed = parameter([2, -2], true);
    const kept = parameter([2, -2], false);
    const optimizer = adamw.create({ lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.5 }, ctx);
    tf.tidy(() => optimizer.step([decayed, kept], { [decayed.name]: tf.zeros([2]), [kept.name]: tf.zeros([2]) }, 0.1));
    expect(Array.from(decayed.variable.dataSync())).toEqual([2 * 0.95, -2 * 0.95].map(Math.fround));
    expect(Array.from(kept.variable.dataSync())).toEqual([2, -2]);
    optimizer.dispose();
  });
});
