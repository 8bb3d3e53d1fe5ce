// Σ x² over many tensors in one native call: a global gradient norm without two tfjs kernels
// per parameter.
import type { tf } from '../tf.js';
import { activeNative, valuesOfAll } from './storage.js';

/** The sum of squares of every element, or undefined when the native engine is not active. */
export function nativeSumOfSquares(tensors: readonly tf.Tensor[]): number | undefined {
  const native = activeNative();
  const arrays = native && valuesOfAll(native, tensors);
  return arrays && native!.addon.sumOfSquares(arrays);
}
