// Gradient clipping by global norm (as torch.nn.utils.clip_grad_norm_).
import { nativeScaleInPlace } from '../engine/native/scale.js';
import { nativeSumOfSquares } from '../engine/native/sum-of-squares.js';
import { tf } from '../engine/tf.js';
import { webGpuSumOfSquares } from '../engine/webgpu/sum-of-squares.js';

/** Backends whose tensors live in this process's memory: reading one costs no more than a copy. */
const HOST_BACKENDS = new Set(['native', 'cpu', 'wasm']);

/** The global L2 norm of all gradients, as a scalar tensor. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  const native = nativeSumOfSquares(grads);
  if (native !== undefined) return tf.scalar(Math.sqrt(native));
  return tf.tidy(() => {
    const gpu = webGpuSumOfSquares(grads);
    if (gpu !== undefined) return tf.sqrt(gpu) as tf.Scalar;
    return tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  });
}

/**
 * Scales every gradient by maxNorm / norm when the norm exceeds maxNorm (a NaN norm makes
 * them NaN, so the run stops as diverged); maxNorm <= 0 leaves them as they are.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, norm: tf.Scalar, maxNorm: number): Record<string, tf.Tensor> {
  if (maxNorm <= 0) return grads;
  if (!HOST_BACKENDS.has(tf.getBackend())) return clipOnDevice(grads, norm, maxNorm);
  // The norm is read once per step anyway (it is logged); within bounds there is nothing to do.
  const value = norm.dataSync()[0]!;
  if (value <= maxNorm) return grads;
  if (nativeScaleInPlace(Object.values(grads), maxNorm / value)) return grads;
  const scale = tf.scalar(maxNorm / value);
  const clipped: Record<string, tf.Tensor> = {};
  for (const [name, grad] of Object.entries(grads)) clipped[name] = tf.mul(grad, scale);
  return clipped;
}

/**
 * The same without reading the norm (on a GPU a read waits for the whole step): every gradient
 * is multiplied by min(1, maxNorm / norm), which is 1 within bounds. NaN stays NaN.
 */
function clipOnDevice(grads: Record<string, tf.Tensor>, norm: tf.Scalar, maxNorm: number): Record<string, tf.Tensor> {
  const scale = tf.tidy(() => {
    const ratio = tf.div(maxNorm, norm);
    // minimum() would turn a NaN ratio into 1; where() keeps it NaN so that the run diverges.
    return tf.where(tf.greater(ratio, 1), tf.onesLike(ratio), ratio);
  });
  const clipped: Record<string, tf.Tensor> = {};
  for (const [name, grad] of Object.entries(grads)) clipped[name] = tf.mul(grad, scale);
  scale.dispose();
  return clipped;
}
