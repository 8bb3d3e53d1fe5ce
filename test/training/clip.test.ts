// Gradient clipping by global norm, on the reference backend and on the native engine.
import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../../framework/engine/native/backend.js';
import { tf } from '../../framework/engine/tf.js';
import { clipByGlobalNorm, globalNorm } from '../../framework/training/clip.js';

tf.env().set('PROD', true);
const native = registerNativeBackend();
const backends = native.ok ? ['cpu', 'native'] : ['cpu'];

describe.each(backends)('global-norm clipping on %s', (backend) => {
  const gradients = () => ({ a: tf.tensor([3, 0, 0]), b: tf.tensor([[0, 4], [0, 0]]) }); // norm 5

  it('measures the L2 norm over every gradient together', async () => {
    await tf.setBackend(backend);
    const norm = globalNorm(Object.values(gradients()));
    expect(norm.dataSync()[0]).toBeCloseTo(5, 6);
  });

  it('scales every gradient by maxNorm / norm above the bound and leaves them below it', async () => {
    await tf.setBackend(backend);
    const grads = gradients();
    const clipped = clipByGlobalNorm(grads, globalNorm(Object.values(grads)), 1);
    expect(Array.from(clipped.a!.dataSync())).toEqual([expect.closeTo(0.6, 6), 0, 0]);
    expect(globalNorm(Object.values(clipped)).dataSync()[0]).toBeCloseTo(1, 6);
    const untouched = clipByGlobalNorm(grads, globalNorm(Object.values(grads)), 10);
    expect(untouched.a).toBe(grads.a);
  });

  it('never changes a tensor that shares its values with a gradient', async () => {
    // The native engine scales gradients in place; a reshape shares its input's values.
    await tf.setBackend(backend);
    const shared = tf.tensor([3, 0, 0, 4]);
    const grads = { a: shared.reshape([2, 2]), b: tf.tensor([0]) };
    const clipped = clipByGlobalNorm(grads, globalNorm(Object.values(grads)), 1);
    expect(Array.from(clipped.a!.dataSync())).toEqual([0.6, 0, 0, 0.8].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(shared.dataSync())).toEqual([3, 0, 0, 4]);
  });

  it('turns the gradients NaN when the norm is NaN, so that the run stops as diverged', async () => {
    await tf.setBackend(backend);
    const grads = { a: tf.tensor([NaN, 1]), b: tf.tensor([2]) };
    const clipped = clipByGlobalNorm(grads, globalNorm(Object.values(grads)), 1);
    expect(Number.isNaN(clipped.b!.dataSync()[0])).toBe(true);
  });
});
