// AdamW in one native pass per parameter, updating the weights and moments in place.
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf.js';
import { loadAddon } from './addon.js';
import { NATIVE } from './kernels/values.js';

export interface AdamWStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay for this parameter (0 for biases, norms, embeddings). */
  decay: number;
  /** 1-based step count, for the bias corrections. */
  step: number;
}

/**
 * Updates param, m and v in place when the native engine is active and each owns its buffer
 * alone (writing in place into a buffer another tensor shares would change that tensor too).
 * Returns false, changing nothing, when the caller must use composed ops instead.
 * (A tensor made by tf.tensor(array) on a cpu-style backend keeps that very array, which is
 * then updated too; Folio's parameters always start from buffers of their own.)
 */
export function nativeAdamW(param: tf.Variable, grad: tf.Tensor, m: tf.Variable, v: tf.Variable, s: AdamWStep): boolean {
  const { addon } = loadAddon();
  if (addon === undefined || tf.getBackend() !== NATIVE) return false;
  const backend = tf.backend() as MathBackendCPU;
  const values = (t: tf.Tensor) => backend.data.get(t.dataId).values;
  const writable = (t: tf.Tensor) => backend.refCount(t.dataId) === 1 && values(t) instanceof Float32Array;
  if (![param, m, v].every(writable) || !(values(grad) instanceof Float32Array)) return false;
  const [p, g, first, second] = [param, grad, m, v].map((t) => values(t) as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
  addon.adamw(p, g, first, second, s.lr, s.beta1, s.beta2, s.eps, s.decay, 1 - s.beta1 ** s.step, 1 - s.beta2 ** s.step);
  return true;
}
