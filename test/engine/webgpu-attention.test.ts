// The WGSL causal self-attention (FolioCausalSelfAttention and its gradient) against the cpu
// backend's composed ops without dropout, and against itself (mask statistics, finite
// differences, seeds) with dropout. Shapes stay small: lavapipe runs every shader on the CPU.
import { describe, expect, it } from 'vitest';
import { fusedCausalSelfAttention } from '../../framework/engine/fused.js';
import { causalSelfAttention } from '../../framework/engine/ops.js';
import { Rng } from '../../framework/engine/rng.js';
import { tf } from '../../framework/engine/tf.js';
import { maxDifference, seededValues, valuesOn, webGpuPresent, type Computation } from '../helpers/webgpu.js';

interface Case {
  batch: number;
  time: number;
  width: number;
  heads: number;
}

const largest = (values: Float32Array[]): number => Math.max(...values.map((v) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0)));

async function expectSameOnBoth(compute: Computation, relative: number): Promise<void> {
  const reference = await valuesOn('cpu', compute);
  const gpu = await valuesOn('webgpu', compute);
  expect(gpu.map((v) => v.length)).toEqual(reference.map((v) => v.length));
  expect(maxDifference(gpu, reference)).toBeLessThan(relative * Math.max(1, largest(reference)));
}

/** y and d(sum(y * r))/dqkv through ops.ts: composed tfjs ops on cpu, the fused kernels on webgpu. */
function attentionAndGradient({ batch, time, width, heads }: Case): Computation {
  return () => {
    const qkv = tf.tensor3d(seededValues(batch * time * 3 * width, 11, 2), [batch, time, 3 * width]);
    const r = tf.tensor3d(seededValues(batch * time * width, 12), [batch, time, width]);
    const attend = (x: tf.Tensor) => causalSelfAttention(x as tf.Tensor3D, heads, 0, false, new Rng(1));
    const [dqkv] = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(attend(x), r)))([qkv]);
    return [attend(qkv), dqkv!];
  };
}

/** The probabilities p the forward kernel saves, composed on cpu: softmax(q kᵀ / √hs + causal mask), (B*heads, T, T). */
function probabilities({ batch, time, width, heads }: Case, onWebGpu: boolean): Computation {
  return () => {
    const qkv = tf.tensor3d(seededValues(batch * time * 3 * width, 11, 2), [batch, time, 3 * width]);
    const headSize = width / heads;
    if (onWebGpu) {
      const attrs = { heads, scale: 1 / Math.sqrt(headSize), dropoutRate: 0, seed: 0 };
      return (tf.engine().runKernel('FolioCausalSelfAttention', { qkv } as never, attrs as never) as tf.Tensor[])[1]!;
    }
    const split = (part: number) =>
      tf.transpose(tf.slice(qkv, [0, 0, part * width], [batch, time, width]).reshape([batch, time, heads, headSize]), [0, 2, 1, 3]).reshape([batch * heads, time, headSize]);
    const scores = tf.mul(tf.matMul(split(0), split(1), false, true), 1 / Math.sqrt(headSize));
    const mask = tf.linalg.bandPart(tf.ones([time, time]), -1, 0);
    return tf.mul(tf.softmax(tf.add(scores, tf.mul(tf.sub(mask, 1), 1e9))), mask);
  };
}

describe.skipIf(!webGpuPresent)('webgpu causal self-attention', () => {
  it('matches the composed ops, odd head size (T=5, hs=3)', async () => {
    await expectSameOnBoth(attentionAndGradient({ batch: 2, time: 5, width: 6, heads: 2 }), 1e-5);
  });

  it('matches the composed ops past one row block and one score tile (T=70, hs=8)', async () => {
    await expectSameOnBoth(attentionAndGradient({ batch: 2, time: 70, width: 16, heads: 2 }), 2e-5);
  });

  it('matches the composed ops with T a multiple of 4 and a head staged in several slices (T=12, hs=20)', async () => {
    await expectSameOnBoth(attentionAndGradient({ batch: 1, time: 12, width: 40, heads: 2 }), 2e-5);
  });

  it('matches the composed ops one token at a time (T=1, as sampling starts)', async () => {
    await expectSameOnBoth(attentionAndGradient({ batch: 1, time: 1, width: 8, heads: 2 }), 1e-5);
  });

  it('saves the softmax probabilities, zeros above the diagonal included', async () => {
    for (const shape of [{ batch: 1, time: 70, width: 8, heads: 2 }, { batch: 1, time: 68, width: 6, heads: 2 }]) {
      const reference = await valuesOn('cpu', probabilities(shape, false));
      const gpu = await valuesOn('webgpu', probabilities(shape, true));
      expect(maxDifference(gpu, reference)).toBeLessThan(1e-6);
    }
  });
});

describe.skipIf(!webGpuPresent)('webgpu causal self-attention with dropout', () => {
  const rate = 0.3;

  it('drops about `rate` of the weights and scales the rest by 1 / (1 - rate)', async () => {
    // q = k = 0 makes every visible weight 1 / (i + 1); v = identity makes y_i the weights row i.
    const [batch, heads, time] = [4, 2, 16];
    const width = heads * time;
    const qkv = new Float32Array(batch * time * 3 * width);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < time; t++) for (let h = 0; h < heads; h++) qkv[(b * time + t) * 3 * width + 2 * width + h * time + t] = 1;
    }
    const [y] = await valuesOn('webgpu', () => fusedCausalSelfAttention(tf.tensor3d(qkv, [batch, time, 3 * width]), heads, 1, rate, 1234));
    let [dropped, visible] = [0, 0];
    for (let row = 0; row < batch * time; row++) {
      const i = row % time;
      for (let col = 0; col < width; col++) {
        const j = col % time;
        const weight = y![row * width + col]!;
        if (j > i) {
          expect(weight).toBe(0);
          continue;
        }
        visible++;
        if (weight === 0) dropped++;
        else expect(weight).toBeCloseTo(1 / ((i + 1) * (1 - rate)), 5);
      }
    }
    expect(Math.abs(dropped / visible - rate)).toBeLessThan(0.05);
  });

  it('has the gradient of its own output (central differences, the same mask both sides)', async () => {
    const [batch, time, width, heads] = [2, 7, 12, 2];
    const shape: [number, number, number] = [batch, time, 3 * width];
    const size = batch * time * 3 * width;
    const [base, direction, r] = [seededValues(size, 21), seededValues(size, 22), seededValues(batch * time * width, 23)];
    const epsilon = 1e-2;
    const objective = (x: tf.Tensor) => tf.sum(tf.mul(fusedCausalSelfAttention(x as tf.Tensor3D, heads, 0.5, rate, 99), tf.tensor3d(r, [batch, time, width])));
    const [gradient, plus, minus] = await valuesOn('webgpu', () => {
      const at = (step: number) => tf.tensor3d(base.map((v, i) => v + step * direction[i]!), shape);
      return [tf.grads(objective)([at(0)])[0]!, objective(at(epsilon)), objective(at(-epsilon))];
    });
    const analytic = gradient!.reduce((sum, g, i) => sum + g * direction[i]!, 0);
    const numeric = (plus![0]! - minus![0]!) / (2 * epsilon);
    expect(Math.abs(analytic - numeric)).toBeLessThan(2e-3 * Math.max(1, Math.abs(analytic)));
  });

  it('draws a different mask for a different seed', async () => {
    const qkv = seededValues(2 * 9 * 24, 31);
    const [first, second, again] = await valuesOn('webgpu', () => {
      const x = tf.tensor3d(qkv, [2, 9, 24]);
      return [fusedCausalSelfAttention(x, 2, 0.5, rate, 1), fusedCausalSelfAttention(x, 2, 0.5, rate, 2), fusedCausalSelfAttention(x, 2, 0.5, rate, 1)];
    });
    expect(maxDifference([first!], [second!])).toBeGreaterThan(1e-3);
    expect(maxDifference([first!], [again!])).toBe(0);
  });
});
