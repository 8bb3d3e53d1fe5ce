// Zero-copy access to tensor values for the native helpers that work on many tensors at once
// (the global gradient norm, clipping, AdamW), outside tfjs's kernel dispatch.
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf.js';
import { loadAddon, type NativeAddon } from './addon.js';
import { NATIVE } from './kernels/values.js';

export interface ActiveNative {
  addon: NativeAddon;
  /** The float32 values of `t` without a copy, or undefined when they are kept in another form. */
  values(t: tf.Tensor): Float32Array | undefined;
  /**
   * The same, but only when no other tensor shares them, so that they may be written in place
   * (a tensor made by tf.tensor(array) on a cpu-style backend keeps that very array, and a
   * reshape shares its input's values).
   */
  ownedValues(t: tf.Tensor): Float32Array | undefined;
}

/** The addon and the native backend's storage, when the native engine is the active backend. */
export function activeNative(): ActiveNative | undefined {
  const { addon } = loadAddon();
  if (addon === undefined || tf.getBackend() !== NATIVE) return undefined;
  const backend = tf.backend() as MathBackendCPU;
  const values = (t: tf.Tensor) => {
    const stored = backend.data.get(t.dataId).values;
    return stored instanceof Float32Array ? stored : undefined;
  };
  return { addon, values, ownedValues: (t) => (backend.refCount(t.dataId) === 1 ? values(t) : undefined) };
}

/** Each tensor's values (owned ones only, when `owned`), or undefined when any is unavailable. */
export function valuesOfAll(native: ActiveNative, tensors: readonly tf.Tensor[], owned = false): Float32Array[] | undefined {
  const arrays: Float32Array[] = [];
  for (const t of tensors) {
    const values = owned ? native.ownedValues(t) : native.values(t);
    if (values === undefined) return undefined;
    arrays.push(values);
  }
  return arrays;
}
