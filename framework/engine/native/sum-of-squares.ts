// Σ x² over many tensors in one native call: a global gradient norm without two tfjs kernels
// per parameter.
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf.js';
import { loadAddon } from './addon.js';
import { NATIVE } from './kernels/values.js';

/** The sum of squares of every element, or undefined when the native engine is not active. */
export function nativeSumOfSquares(tensors: readonly tf.Tensor[]): number | undefined {
  const { addon } = loadAddon();
  if (addon === undefined || tf.getBackend() !== NATIVE) return undefined;
  const backend = tf.backend() as MathBackendCPU;
  const arrays: Float32Array[] = [];
  for (const t of tensors) {
    const values = backend.data.get(t.dataId).values;
    if (!(values instanceof Float32Array)) return undefined;
    arrays.push(values);
  }
  return addon.sumOfSquares(arrays);
}
