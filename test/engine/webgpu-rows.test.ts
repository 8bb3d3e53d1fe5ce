// The row-wise WGSL kernels (layer norm, cross-entropy, embedding, dropout), AdamW in place and
// the sum of squares on webgpu, against the cpu backend's composed ops. Small odd shapes: the
// adapter in CI is Mesa's lavapipe, a software rasterizer.
import { describe, expect, it } from 'vitest';
import adamw from '../../components/optimizer/adamw.js';
import { activateCpu, activateWebGpu } from '../../framework/engine/backends.js';
import { fusedDropout } from '../../framework/engine/fused.js';
import { crossEntropy, embed, layerNorm } from '../../framework/engine/ops.js';
import { servicesWithoutRun } from '../../framework/container/run-services.js';
import { Rng } from '../../framework/engine/rng.js';
import { tf } from '../../framework/engine/tf.js';
import { webGpuAdamW } from '../../framework/engine/webgpu/adamw.js';
import { webGpuSumOfSquares } from '../../framework/engine/webgpu/sum-of-squares.js';
import { seededValues, valuesOn, webGpuPresent, type Computation } from '../helpers/webgpu.js';

/** The largest |gpu - cpu| / (1 + |cpu|): sums over thousands of rows are compared relatively. */
function worstError(gpu: Float32Array[], cpu: Float32Array[]): number {
  let worst = 0;
  gpu.forEach((values, i) => values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - cpu[i]![j]!) / (1 + Math.abs(cpu[i]![j]!))))));
  return Number.isNaN(worst) ? Infinity : worst;
}

async function expectSameOnBoth(compute: Computation, tolerance: number): Promise<void> {
  const reference = await valuesOn('cpu', compute);
  const gpu = await valuesOn('webgpu', compute);
  expect(gpu.map((v) => v.length)).toEqual(reference.map((v) => v.length));
  expect(worstError(gpu, reference)).toBeLessThan(tolerance);
}

/** Values and every gradient of sum(f(inputs) * dy) for seeded inputs of these shapes. */
function valueAndGrads(shapes: number[][], f: (...inputs: tf.Tensor[]) => tf.Tensor): Computation {
  return () => {
    const inputs = shapes.map((shape, i) => tf.tensor(seededValues(tf.util.sizeFromShape(shape), 10 + i, 2), shape));
    const y = f(...inputs);
    const dy = tf.tensor(seededValues(y.size, 99), y.shape);
    return [y, ...tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), dy)))(inputs)];
  };
}

describe.skipIf(!webGpuPresent)('webgpu layer norm', () => {
  it('matches the cpu with and without bias, values and gradients, vec4 rows and odd ones', async () => {
    // Each shape compiles its own shaders, slowly on lavapipe: vec4 rows, odd rows, two vec4s a lane.
    for (const [batch, time, width, bias] of [[2, 5, 12, true], [3, 7, 13, false], [1, 9, 160, true]] as const) {
      const x = [batch, time, width];
      const withBias = (input: tf.Tensor, gain: tf.Tensor, b: tf.Tensor) => layerNorm(input as tf.Tensor3D, gain as tf.Tensor1D, b as tf.Tensor1D);
      const withoutBias = (input: tf.Tensor, gain: tf.Tensor) => layerNorm(input as tf.Tensor3D, gain as tf.Tensor1D);
      await expectSameOnBoth(bias ? valueAndGrads([x, [width], [width]], withBias) : valueAndGrads([x, [width]], withoutBias), 2e-5);
    }
  });

  it('sums dgain and dbias over many blocks of rows', async () => {
    // 16389 rows: two rows per row-lane in each of 1025 blocks, then a column sum over the blocks.
    const f = (input: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor) => layerNorm(input as tf.Tensor3D, gain as tf.Tensor1D, bias as tf.Tensor1D);
    await expectSameOnBoth(valueAndGrads([[3, 5463, 4], [4], [4]], f), 1e-4);
  });
});

describe.skipIf(!webGpuPresent)('webgpu cross-entropy', () => {
  it('gives the mean loss and dlogits of the cpu, over rows from many workgroups', async () => {
    for (const [rows, vocab] of [[1001, 65]] as const) {
      const targets = Array.from({ length: rows }, (_, i) => (i * 31 + 5) % vocab);
      await expectSameOnBoth(() => {
        const logits = tf.tensor2d(seededValues(rows * vocab, 3, 4), [rows, vocab]);
        const labels = tf.tensor1d(targets, 'int32');
        const loss = (l: tf.Tensor) => tf.mul(crossEntropy(l as tf.Tensor2D, labels), 3);
        return [crossEntropy(logits, labels), tf.grad(loss)(logits)];
      }, 1e-5);
    }
  });

  it('gives a NaN loss for a target outside the vocabulary, as the native engine does', async () => {
    const [loss] = await valuesOn('webgpu', () => crossEntropy(tf.zeros([3, 5]), tf.tensor1d([0, 5, 1], 'int32')));
    expect(loss![0]).toBeNaN();
  });
});

describe.skipIf(!webGpuPresent)('webgpu embedding', () => {
  it('looks up rows and sums gradients into them, repeated ids included; ids outside the table give zeros', async () => {
    // [batch, time, vocab, width]: vec4 rows, odd rows, partials over several chunks, a vocabulary past one block.
    for (const [batch, time, vocab, width] of [[2, 5, 7, 12], [3, 100, 7, 13], [4, 10, 130, 5]] as const) {
      const ids = Array.from({ length: batch * time }, (_, i) => (i % 11 === 3 ? -1 : i % 13 === 4 ? vocab : (i * 7) % vocab));
      await expectSameOnBoth(() => {
        const indices = tf.tensor2d(ids, [batch, time], 'int32');
        const table = tf.tensor2d(seededValues(vocab * width, 4), [vocab, width]);
        const dy = tf.tensor3d(seededValues(batch * time * width, 5), [batch, time, width]);
        const dtable = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embed(indices, t as tf.Tensor2D), dy)))(table);
        return [embed(indices, table), dtable];
      }, 1e-5);
    }
  });
});

describe.skipIf(!webGpuPresent)('webgpu dropout', () => {
  it('drops about `rate` of the elements, scales the rest, and reuses the mask for the gradient', async () => {
    const rate = 0.3;
    const [kept, grad, reseeded, oddSized] = await valuesOn('webgpu', () => {
      const x = tf.ones([64, 100]);
      const dy = tf.tensor2d(seededValues(6400, 6, 1), [64, 100]);
      const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(fusedDropout(input, rate, 1234), dy)))(x);
      return [fusedDropout(x, rate, 1234), dx, fusedDropout(x, rate, 1235), fusedDropout(tf.ones([6399]), rate, 1234)];
    });
    const dy = seededValues(6400, 6, 1);
    const dropped = kept!.filter((v) => v === 0).length / kept!.length;
    expect(Math.abs(dropped - rate)).toBeLessThan(0.03);
    kept!.forEach((v, i) => {
      if (v !== 0) expect(v).toBeCloseTo(1 / (1 - rate), 6);
      expect(grad![i]).toBeCloseTo(v === 0 ? 0 : dy[i]! / (1 - rate), 5);
    });
    expect(reseeded!.filter((v, i) => (v === 0) !== (kept![i] === 0)).length).toBeGreaterThan(1000);
    // The mask is a function of the flat index: the same whether the kernel reads vec4s or not.
    expect(Array.from(oddSized!)).toEqual(Array.from(kept!.subarray(0, 6399)));
  });
});

describe.skipIf(!webGpuPresent)('webgpu AdamW', () => {
  it('updates weights in place as the composed update on the cpu does, decayed or not', async () => {
    const shapes = [[13, 8], [7], [3, 5]];
    const initial = shapes.map((shape, i) => seededValues(tf.util.sizeFromShape(shape), 20 + i));
    const grads = [0, 1, 2].map((step) => shapes.map((shape, i) => seededValues(tf.util.sizeFromShape(shape), 30 + 3 * step + i)));
    const train = async (backend: 'cpu' | 'webgpu') => {
      if (backend === 'cpu') await activateCpu();
      else await activateWebGpu();
      const rng = new Rng(1);
      const params = shapes.map((shape, i) => {
        const start = tf.tensor(initial[i]!, shape);
        const variable = tf.variable(start, true, `rows-adamw-${backend}-${i}-${rng.seed()}`);
        start.dispose();
        return { name: `p${i}`, variable, decay: i !== 1 };
      });
      const optimizer = adamw.create({ lr: 0.01, betas: [0.9, 0.99], eps: 1e-8, weight_decay: 0.1 }, { rng, configDir: '.', services: servicesWithoutRun('.') });
      const read = () => Promise.all(params.map(async (p) => Float32Array.from(await p.variable.data())));
      const history: Float32Array[][] = [];
      for (const step of grads) {
        tf.tidy(() => optimizer.step(params, Object.fromEntries(step.map((g, i) => [`p${i}`, tf.tensor(g, shapes[i])])), 0.01));
        // Read after every step: tfjs caches what it read, and the next step must not leave that stale.
        history.push(await read());
      }
      optimizer.dispose();
      params.forEach((p) => p.variable.dispose());
      return history;
    };
    const reference = await train('cpu');
    const gpu = await train('webgpu');
    reference.forEach((values, step) => expect(worstError(gpu[step]!, values), `step ${step}`).toBeLessThan(1e-5));
    expect(worstError([gpu[2]![0]!], [Float32Array.from(initial[0]!)])).toBeGreaterThan(1e-3); // it did move
  });

  it('declines, changing nothing, when a buffer is shared or webgpu is not active', async () => {
    await activateWebGpu();
    const start = tf.ones([4]);
    const shared = tf.variable(start); // start still holds the same buffer
    const [m, v] = [tf.variable(tf.zeros([4])), tf.variable(tf.zeros([4]))];
    const update = { param: shared, grad: tf.ones([4]), m, v, decay: 0 };
    const step = { lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8, step: 1 };
    expect(webGpuAdamW([update], step)).toBe(false);
    expect(Array.from(await shared.data())).toEqual([1, 1, 1, 1]);
    tf.dispose([start, shared, m, v, update.grad]);
    await activateCpu();
    expect(webGpuAdamW([], step)).toBe(false);
  });
});

describe.skipIf(!webGpuPresent)('webgpu sum of squares', () => {
  it('sums the squares of many tensors into one scalar on the GPU', async () => {
    // Nine tensors: two dispatches (seven, then two), one of several workgroups.
    const sizes = [10000, 7, 384, 1, 4097, 65, 3, 12, 999];
    const compute = () => sizes.map((size, i) => tf.tensor1d(seededValues(size, 40 + i, 3)));
    const reference = await valuesOn('cpu', () => tf.addN(compute().map((t) => tf.sum(tf.square(t)))));
    const [gpu] = await valuesOn('webgpu', () => {
      const total = webGpuSumOfSquares(compute());
      expect(total?.shape).toEqual([]);
      return total!;
    });
    expect(Math.abs(gpu![0]! - reference[0]![0]!) / reference[0]![0]!).toBeLessThan(1e-5);
    await activateCpu();
    expect(webGpuSumOfSquares([tf.ones([3])])).toBeUndefined();
  });
});
