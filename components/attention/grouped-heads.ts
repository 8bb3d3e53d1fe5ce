// Attention over a projection with fewer key/value heads than query heads (multi-query and
// grouped-query attention), and with rotary positions: the paths the fused kernel does not take.
import { applyRotary, causalAttention, tf, type Rng } from '../../framework/engine/index.js';

export interface HeadLayout {
  nHead: number;
  /** Key/value heads; each serves nHead / nKvHead query heads (1: multi-query). */
  nKvHead: number;
  /** Rotate queries and keys by their positions (RoPE) before the scores. */
  rotary: boolean;
}

/**
 * qkv (B, T, C + 2·nKvHead·hs): queries, then keys, then values, side by side -> (B, T, C).
 * Keys and values are repeated across their group of query heads, then all heads attend at once.
 */
export function groupedCausalAttention(qkv: tf.Tensor3D, layout: HeadLayout, dropoutRate: number, training: boolean, rng: Rng): tf.Tensor3D {
  const [batch, time, total] = qkv.shape;
  const { nHead, nKvHead, rotary } = layout;
  const headSize = total / (nHead + 2 * nKvHead);
  const width = nHead * headSize;
  const kvWidth = nKvHead * headSize;
  // Split on a rank-2 tensor: slicing rank-4/5 tensors falls to a slow path on wasm.
  const [q, k, v] = tf.split(qkv.reshape([batch * time, total]), [width, kvWidth, kvWidth], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const heads = (t: tf.Tensor2D, count: number) =>
    tf.transpose(t.reshape([batch, time, count, headSize]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch * count, time, headSize]); // (B*n, T, hs)
  const position = (t: tf.Tensor3D) => (rotary ? applyRotary(t) : t);
  const group = nHead / nKvHead;
  // Each kv head once per query head of its group. Copies joined by concat, whose gradient is a
  // split: tile's is a slow general kernel on the native engine (and tfjs has none at rank 5).
  const shared = (t: tf.Tensor3D): tf.Tensor3D => {
    if (group === 1) return t;
    const perHead = t.reshape([batch, nKvHead, 1, time * headSize]);
    return tf.concat(Array.from({ length: group }, () => perHead), 2).reshape<tf.Tensor3D>([batch * nHead, time, headSize]);
  };
  const attended = causalAttention(position(heads(q, nHead)), shared(position(heads(k, nKvHead))), shared(heads(v, nKvHead)), dropoutRate, training, rng);
  return tf.transpose(attended.reshape([batch, nHead, time, headSize]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch, time, width]); // (B, T, C)
}
