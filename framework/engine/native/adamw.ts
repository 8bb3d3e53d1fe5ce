// AdamW for every parameter in one native call, updating the weights and moments in place.
import type { tf } from '../tf.js';
import { activeNative, valuesOfAll } from './storage.js';

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
 * and each of them owns its buffer alone (writing into a buffer another tensor shares would
 * change that tensor too). Returns false, changing nothing, when the caller must use composed
 * ops instead.
 */
export function nativeAdamW(updates: readonly AdamWUpdate[], s: AdamWStep): boolean {
  const native = activeNative();
  if (native === undefined) return false;
  const owned = (pick: (u: AdamWUpdate) => tf.Tensor) => valuesOfAll(native, updates.map(pick), true);
  const [params, ms, vs] = [owned((u) => u.param), owned((u) => u.m), owned((u) => u.v)];
  const grads = valuesOfAll(native, updates.map((u) => u.grad));
  if (params === undefined || ms === undefined || vs === undefined || grads === undefined) return false;
  const decays = Float32Array.from(updates, (u) => u.decay);
  native.addon.adamw(params, grads, ms, vs, decays, s.lr, s.beta1, s.beta2, s.eps, 1 - s.beta1 ** s.step, 1 - s.beta2 ** s.step);
  return true;
}
