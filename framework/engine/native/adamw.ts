// AdamW for every parameter in one native call, updating the weights and moments in place.
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf.js';
import { loadAddon } from './addon.js';
import { NATIVE } from './kernels/values.js';

export interface AdamWStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1-based step count, for the bias corrections. */
  step: number;
}

/** One parameter's part of the step: its weights, gradient, moments and decoupled decay (0: none). */
export interface AdamWUpdate {
  param: tf.Variable;
  grad: tf.Tensor;
  m: tf.Variable;
  v: tf.Variable;
  decay: number;
}

/**
 * Updates every param, m and v in place, in one native call, when the native engine is active
 * and each of them owns its buffer alone (writing in place into a buffer another tensor shares
 * would change that tensor too). Returns false, changing nothing, when the caller must use
 * composed ops instead. (A tensor made by tf.tensor(array) on a cpu-style backend keeps that
 * very array, which is then updated too; Folio's parameters always start from buffers of their own.)
 */
export function nativeAdamW(updates: readonly AdamWUpdate[], s: AdamWStep): boolean {
  const { addon } = loadAddon();
  if (addon === undefined || tf.getBackend() !== NATIVE) return false;
  const backend = tf.backend() as MathBackendCPU;
  const floats = (t: tf.Tensor) => {
    const values = backend.data.get(t.dataId).values;
    return values instanceof Float32Array ? values : undefined;
  };
  const owned = (t: tf.Tensor) => (backend.refCount(t.dataId) === 1 ? floats(t) : undefined);
  const params: Float32Array[] = [], grads: Float32Array[] = [], ms: Float32Array[] = [], vs: Float32Array[] = [];
  for (const u of updates) {
    const [p, g, m, v] = [owned(u.param), floats(u.grad), owned(u.m), owned(u.v)];
    if (p === undefined || g === undefined || m === undefined || v === undefined) return false;
    params.push(p);
    grads.push(g);
    ms.push(m);
    vs.push(v);
  }
  const decays = Float32Array.from(updates, (u) => u.decay);
  addon.adamw(params, grads, ms, vs, decays, s.lr, s.beta1, s.beta2, s.eps, 1 - s.beta1 ** s.step, 1 - s.beta2 ** s.step);
  return true;
}
