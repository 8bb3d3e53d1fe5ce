// Normalisations over the channel axis beyond LayerNorm, and the choice between them.
import { layerNorm } from './ops.js';
import { tf } from './tf.js';

/**
 * RMSNorm (Zhang & Sennrich 2019): x / sqrt(mean(x²) + eps) · gain, over the last axis. No mean
 * is subtracted and there is no bias: cheaper than LayerNorm, and what LLaMA-style models use.
 */
export function rmsNorm(x: tf.Tensor3D, gain: tf.Tensor1D, eps = 1e-5): tf.Tensor3D {
  return tf.tidy(() => {
    const meanSquare = tf.mean(tf.square(x), -1, true); // (B, T, 1)
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), gain) as tf.Tensor3D;
  });
}

/** The normalisation a model's blocks use: LayerNorm (the default) or RMSNorm. */
export type NormKind = 'layernorm' | 'rmsnorm';

/** The model's chosen normalisation; RMSNorm ignores `bias` (it has none). */
export function normalize(kind: NormKind | undefined, x: tf.Tensor3D, gain: tf.Tensor1D, bias?: tf.Tensor1D): tf.Tensor3D {
  return kind === 'rmsnorm' ? rmsNorm(x, gain) : layerNorm(x, gain, bias);
}
