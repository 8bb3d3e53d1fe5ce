// Gradient clipping by global norm (as torch.nn.utils.clip_grad_norm_).
import { tf } from '../engine/tf.js';

/** The global L2 norm of all gradients, as a scalar tensor. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** Scales every gradient by min(1, maxNorm / norm); maxNorm <= 0 leaves them as they are. */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, norm: tf.Scalar, maxNorm: number): Record<string, tf.Tensor> {
  if (maxNorm <= 0) return grads;
  const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
  const clipped: Record<string, tf.Tensor> = {};
  for (const [name, grad] of Object.entries(grads)) clipped[name] = tf.mul(grad, scale);
  return clipped;
}
