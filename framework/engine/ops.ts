// Tensor helpers for components: each one small, each matching one line of the lecture's math.
import type { Rng } from './rng.js';
import { tf } from './tf.js';
import { fusedCausalAttention, fusedCausalSelfAttention, fusedCrossEntropy, fusedDropout, fusedEmbedding, fusedGelu, fusedLayerNorm, fusedLinear, fusedLinearGelu, hasFusedKernel } from './fused.js';
import { matMulExplicit, swapLastAxes } from './workarounds.js';

/** x (B, T, in) @ weight (in, out) + bias -> (B, T, out), as one 2-D product (one kernel, natively). */
export function linear(x: tf.Tensor3D, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor3D {
  if (hasFusedKernel('FolioLinear')) return fusedLinear(x, weight, bias);
  const [batch, time, width] = x.shape;
  const flat = x.reshape([batch * time, width]); // (B*T, in)
  let out = tf.matMul(flat, weight); // (B*T, out)
  if (bias !== undefined) out = tf.add(out, bias);
  return out.reshape([batch, time, weight.shape[1]]);
}

/** gelu(x @ weight + bias): the MLP's first layer, one kernel each way where the backend has it. */
export function linearGelu(x: tf.Tensor3D, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor3D {
  if (hasFusedKernel('FolioLinearGelu')) return fusedLinearGelu(x, weight, bias);
  return gelu(linear(x, weight, bias));
}

/** Layer normalisation over the last axis (eps as PyTorch's default). */
export function layerNorm(x: tf.Tensor3D, gain: tf.Tensor1D, bias?: tf.Tensor1D, eps = 1e-5): tf.Tensor3D {
  if (hasFusedKernel('FolioLayerNorm')) return fusedLayerNorm(x, gain, bias, eps);
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, eps)));
  const scaled = tf.mul(normed, gain);
  return (bias === undefined ? scaled : tf.add(scaled, bias)) as tf.Tensor3D;
}

/** GELU, tanh approximation (GPT-2's). */
export function gelu<T extends tf.Tensor>(x: T): T {
  if (hasFusedKernel('FolioGelu')) return fusedGelu(x);
  const cubic = tf.mul(tf.mul(tf.square(x), x), 0.044715); // x³ without Pow, whose gradient costs more
  const inner = tf.mul(tf.add(x, cubic), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1)) as T;
}

/** Inverted dropout with a seeded mask; the identity when not training or rate is 0. */
export function dropout<T extends tf.Tensor>(x: T, rate: number, training: boolean, rng: Rng): T {
  if (!training || rate <= 0) return x;
  // tfjs draws dropout masks in JavaScript, one number at a time; the native engine hashes them.
  if (hasFusedKernel('FolioDropout')) return fusedDropout(x, rate, rng.seed());
  return tf.dropout(x, rate, undefined, rng.seed()) as T;
}

/**
 * Embedding lookup: (B, T) ids -> (B, T, C); an id outside the table gives zeros. Natively a
 * gather, whose gradient sums into the table's rows; elsewhere a one-hot product, whose
 * gradient is a matmul too, where tf.gather's needs UnsortedSegmentSum, which wasm lacks.
 */
export function embed(ids: tf.Tensor2D, table: tf.Tensor2D): tf.Tensor3D {
  if (hasFusedKernel('FolioEmbedding')) return fusedEmbedding(ids, table);
  const [batch, time] = ids.shape;
  const [vocab, width] = table.shape;
  const oneHot = tf.oneHot(ids.reshape([batch * time]), vocab); // (B*T, V)
  return tf.matMul(oneHot, table).reshape([batch, time, width]);
}

const causalMasks = new Map<string, tf.Tensor2D>();

/** (T, T) additive mask: 0 on and below the diagonal, -1e9 above (kept for the process). */
export function causalMask(time: number): tf.Tensor2D {
  const key = `${tf.getBackend()}:${time}`;
  let mask = causalMasks.get(key);
  if (mask === undefined || mask.isDisposed) {
    const values = new Float32Array(time * time);
    for (let row = 0; row < time; row++) values.fill(-1e9, row * time + row + 1, (row + 1) * time);
    mask = tf.keep(tf.tensor2d(values, [time, time]));
    causalMasks.set(key, mask);
  }
  return mask;
}

/** Mean cross-entropy of logits (N, V) against integer targets (N). */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  if (hasFusedKernel('FolioCrossEntropy')) return fusedCrossEntropy(logits, targets);
  const logProbs = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(targets, logits.shape[1])), -1);
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}

/**
 * Causal self-attention over heads: q, k, v (heads, T, hs) -> dropout(softmax(q kᵀ / √hs, causal)) v.
 * The native engine runs it as one kernel per head, never writing the (T, T) scores out.
 */
export function causalAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, dropoutRate: number, training: boolean, rng: Rng): tf.Tensor3D {
  const [, time, headSize] = q.shape;
  const scale = 1 / Math.sqrt(headSize);
  if (hasFusedKernel('FolioCausalAttention')) {
    const dropped = training && dropoutRate > 0;
    return fusedCausalAttention(q, k, v, scale, dropped ? dropoutRate : 0, dropped ? rng.seed() : 0);
  }
  const scores = tf.add(tf.mul(matMulExplicit(q, swapLastAxes(k), false, false), scale), causalMask(time)); // (heads, T, T)
  const weights = dropout(tf.softmax(scores), dropoutRate, training, rng);
  return matMulExplicit(weights, v, false, false) as tf.Tensor3D; // (heads, T, hs)
}

/**
 * Multi-head causal self-attention from a fused projection: qkv (B, T, 3C) holds q, k and v side
 * by side, each split into nHead heads of C / nHead -> (B, T, C), the heads side by side again.
 * The native engine reads the heads in place; elsewhere they are split and transposed out.
 */
export function causalSelfAttention(qkv: tf.Tensor3D, nHead: number, dropoutRate: number, training: boolean, rng: Rng): tf.Tensor3D {
  const [batch, time, triple] = qkv.shape;
  const width = triple / 3;
  const headSize = width / nHead;
  if (hasFusedKernel('FolioCausalSelfAttention')) {
    const dropped = training && dropoutRate > 0;
    return fusedCausalSelfAttention(qkv, nHead, 1 / Math.sqrt(headSize), dropped ? dropoutRate : 0, dropped ? rng.seed() : 0);
  }
  // Split on a rank-2 tensor: slicing rank-4/5 tensors falls to a slow path on wasm.
  const [q, k, v] = tf.split(qkv.reshape([batch * time, triple]), 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]; // each (B*T, C)
  const heads = (t: tf.Tensor2D) =>
    tf.transpose(t.reshape([batch, time, nHead, headSize]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch * nHead, time, headSize]); // (B*nh, T, hs)
  const attended = causalAttention(heads(q), heads(k), heads(v), dropoutRate, training, rng).reshape([batch, nHead, time, headSize]);
  return tf.transpose(attended, [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch, time, width]); // (B, T, C)
}

/** a @ b with the engine's fast transposes (see workarounds.ts). */
export function matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  return matMulExplicit(a, b, transposeA, transposeB);
}
