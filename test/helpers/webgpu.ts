// Running the same computation on the cpu reference backend and on webgpu (lavapipe in CI, any
// GPU elsewhere). Tensors never cross backends: tfjs-webgpu cannot read synchronously in Node.
import { activateCpu, activateWebGpu } from '../../framework/engine/backends.js';
import { requestAdapter } from '../../framework/engine/webgpu/dawn.js';
import { tf } from '../../framework/engine/tf.js';

/** Whether Dawn finds any adapter here (a software one counts): the webgpu tests need one. */
export const webGpuPresent: boolean = (await requestAdapter()) !== undefined;

export type Computation = () => tf.Tensor | tf.Tensor[];

/** Runs `compute` on `backend` and returns every output's values. */
export async function valuesOn(backend: 'cpu' | 'webgpu', compute: Computation): Promise<Float32Array[]> {
  if (backend === 'cpu') await activateCpu();
  else if ((await activateWebGpu()).name === undefined) throw new Error('webgpu did not start');
  const result = tf.tidy(compute);
  const outputs = Array.isArray(result) ? result : [result];
  const values = await Promise.all(outputs.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(outputs);
  return values;
}

/** The largest |a - b| over two lists of arrays of equal shapes. */
export function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((values, i) => values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i]![j]!)))));
  return worst;
}

/** Seeded values in [-scale, scale), the same on every backend. */
export function seededValues(count: number, seed: number, scale = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 * scale - scale;
  });
}
