// Folio's WGSL kernels against the cpu backend, values and gradients, on whatever adapter Dawn
// finds (Mesa's lavapipe in CI). Each case builds its inputs from plain arrays on each backend.
import { describe, expect, it } from 'vitest';
import { gelu } from '../../framework/engine/ops.js';
import { tf } from '../../framework/engine/tf.js';
import { maxDifference, seededValues, valuesOn, webGpuPresent, type Computation } from '../helpers/webgpu.js';

async function expectSameOnBoth(compute: Computation, tolerance: number): Promise<void> {
  const reference = await valuesOn('cpu', compute);
  const gpu = await valuesOn('webgpu', compute);
  expect(gpu.map((v) => v.length)).toEqual(reference.map((v) => v.length));
  expect(maxDifference(gpu, reference)).toBeLessThan(tolerance);
}

describe.skipIf(!webGpuPresent)('webgpu kernels match the cpu backend', () => {
  it('GELU and its gradient, including large |x|', async () => {
    const values = [...seededValues(999, 1, 4), 60, -60, 0];
    await expectSameOnBoth(() => {
      const x = tf.tensor2d(values, [values.length / 3, 3]);
      const dy = tf.tensor2d(seededValues(values.length, 2), x.shape);
      const [dx] = tf.grads((input: tf.Tensor) => tf.mul(gelu(input), dy))([x]);
      return [gelu(x), dx!];
    }, 1e-5);
  });
});
