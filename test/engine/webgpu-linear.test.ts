// The WGSL linear layers (FolioLinear, FolioLinearGelu and their gradients) against the cpu
// backend's composed ops, on every tile shape of the GEMM: odd sizes, sizes past one tile in
// every dimension, with and without bias, values and gradients through tf.grads.
import { afterEach, describe, expect, it } from 'vitest';
import { linear, linearGelu } from '../../framework/engine/ops.js';
import { tf } from '../../framework/engine/tf.js';
import { gemmTuning } from '../../framework/engine/webgpu/kernels/gemm.js';
import { seededValues, valuesOn, webGpuPresent, type Computation } from '../helpers/webgpu.js';

/** (batch, time, in, out): odd sizes (scalar loads), multiples of 4 (vec4 loads), and past a tile. */
const SHAPES: [number, number, number, number][] = [
  [1, 7, 13, 5],
  [3, 4, 12, 8],
  [2, 65, 70, 66],
  [2, 66, 68, 136],
];

/** Each output within `tolerance` of the reference, relative to the reference's largest magnitude. */
async function expectSameOnBoth(compute: Computation, tolerance = 1e-5): Promise<void> {
  const reference = await valuesOn('cpu', compute);
  const gpu = await valuesOn('webgpu', compute);
  expect(gpu.map((v) => v.length)).toEqual(reference.map((v) => v.length));
  reference.forEach((expected, i) => {
    const scale = Math.max(1, ...expected.map(Math.abs));
    const worst = expected.reduce((w, v, j) => Math.max(w, Math.abs(v - gpu[i]![j]!)), 0);
    expect(worst / scale, `output ${i}`).toBeLessThan(tolerance);
  });
}

type Layer = (x: tf.Tensor3D, weight: tf.Tensor2D, bias?: tf.Tensor1D) => tf.Tensor3D;

/** The layer's output and the gradients of sum(layer * r) for x, weight and (if any) bias. */
function valueAndGrads(layer: Layer, [batch, time, inputs, outputs]: [number, number, number, number], withBias: boolean): Computation {
  return () => {
    const x = tf.tensor3d(seededValues(batch * time * inputs, 1), [batch, time, inputs]);
    const weight = tf.tensor2d(seededValues(inputs * outputs, 2, 0.5), [inputs, outputs]);
    const bias = tf.tensor1d(seededValues(outputs, 3));
    const r = tf.tensor3d(seededValues(batch * time * outputs, 4), [batch, time, outputs]);
    const loss = (...args: tf.Tensor[]) => {
      const [input, w, b] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D?];
      return tf.sum(tf.mul(layer(input, w, b), r));
    };
    return [layer(x, weight, withBias ? bias : undefined), ...tf.grads(loss)(withBias ? [x, weight, bias] : [x, weight])];
  };
}

/** Several computations as one: each backend starts once and compiles each shader variant once. */
function all(...computations: Computation[]): Computation {
  return () => computations.flatMap((compute) => {
    const out = compute();
    return Array.isArray(out) ? out : [out];
  });
}

const BIG = SHAPES.slice(2);

describe.skipIf(!webGpuPresent)('webgpu linear layers match the cpu backend', () => {
  afterEach(() => {
    gemmTuning.force = undefined;
  });

  it('small tiles: linear and linearGelu with and without bias, odd and vec4 sizes, past one tile, values and gradients', async () => {
    gemmTuning.force = 'small';
    const cases = SHAPES.flatMap((shape) => [linear, linearGelu].flatMap((layer) => [valueAndGrads(layer, shape, true), valueAndGrads(layer, shape, false)]));
    await expectSameOnBoth(all(...cases));
  });

  // Lavapipe compiles the larger register blocks slowly: each of them gets every shader variant
  // once (scalar and vec4 loads, bias or none, GELU and its gate), not every combination.
  for (const tile of ['large', 'medium'] as const) {
    it(`${tile} tiles: scalar linear without bias, vec4 linearGelu with bias, values and gradients`, async () => {
      gemmTuning.force = tile;
      const [scalarShape, vecShape] = BIG as [[number, number, number, number], [number, number, number, number]];
      await expectSameOnBoth(all(valueAndGrads(linear, scalarShape, false), valueAndGrads(linearGelu, vecShape, true)));
    });
  }

  it('a rank-3 input keeps its leading dims', async () => {
    await expectSameOnBoth(() => {
      const x = tf.tensor3d(seededValues(2 * 3 * 5, 5), [2, 3, 5]);
      const weight = tf.tensor2d(seededValues(5 * 7, 6), [5, 7]);
      const y = linear(x, weight);
      expect(y.shape).toEqual([2, 3, 7]);
      return y;
    });
  });
});
