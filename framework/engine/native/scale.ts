// Multiplies many tensors by one factor in place, in one native call: gradient clipping
// without a tfjs kernel (and a new tensor) per parameter.
import type { tf } from '../tf.js';
import { activeNative, valuesOfAll } from './storage.js';

/**
 * Scales every tensor's values in place when the native engine is active and each tensor owns
 * its values alone; returns false, changing nothing, otherwise.
 */
export function nativeScaleInPlace(tensors: readonly tf.Tensor[], factor: number): boolean {
  const native = activeNative();
  const arrays = native && valuesOfAll(native, tensors, true);
  if (arrays === undefined) return false;
  native!.addon.scale(arrays, factor);
  return true;
}
