// The paths the engine's fused attention kernel does not take: rotary positions applied to the
// queries and keys of a fused projection, and fewer key/value heads than query heads
// (multi-query and grouped-query attention).
import { applyRotary, causalAttention, tf, type Rng } from '../../framework/engine/index.js';

export interface HeadLayout {
  nHead: number;
  /** Key/value heads; each serves nHead / nKvHead query heads (1: multi-query). */
  nKvHead: number;
  /** Rotate queries and keys by their positions (RoPE) before the scores. */
  rotary: boolean;
}

/** Splits qkv (B, T, C + 2·kv) on a rank-2 tensor: slicing rank-4/5 tensors falls to a slow path on wasm. */
function splitQkv(qkv: tf.Tensor3D, layout: HeadLayout): { q: tf.Tensor2D; k: tf.Tensor2D; v: tf.Tensor2D; headSize: number } {
  const [batch, time, total] = qkv.shape;
  const headSize = total / (layout.nHead + 2 * layout.nKvHead);
  const kvWidth = layout.nKvHead * headSize;
  const [q, k, v] = tf.split(qkv.reshape([batch * time, total]), [layout.nHead * headSize, kvWidth, kvWidth], 1) as tf.Tensor2D[];
  return { q: q!, k: k!, v: v!, headSize };
}

/** qkv with its queries and keys rotated by position, in the same packed layout (so the fused kernel can still take it). */
export function rotateQueriesKeys(qkv: tf.Tensor3D, layout: HeadLayout): tf.Tensor3D {
  const [batch, time, total] = qkv.shape;
  const { q, k, v, headSize } = splitQkv(qkv, layout);
  const rotated = (t: tf.Tensor2D) => applyRotary(t.reshape([batch, time, t.shape[1]]), headSize).reshape([batch * time, t.shape[1]]);
  return tf.concat([rotated(q), rotated(k), v], 1).reshape([batch, time, total]);
}

/**
 * qkv (B, T, C + 2·nKvHead·hs): queries, then keys, then values, side by side -> (B, T, C).
 * Keys and values are repeated across their group of query heads, then all heads attend at once.
 */
export function groupedCausalAttention(qkv: tf.Tensor3D, layout: HeadLayout, dropoutRate: number, training: boolean, rng: Rng): tf.Tensor3D {
  const [batch, time] = qkv.shape;
  const { nHead, nKvHead } = layout;
  const { q, k, v, headSize } = splitQkv(qkv, layout);
  const heads = (t: tf.Tensor2D, count: number) =>
    tf.transpose(t.reshape([batch, time, count, headSize]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch * count, time, headSize]); // (B*n, T, hs)
  // Each kv head once per query head of its group. Copies joined by concat, whose gradient is a
  // split: tile's is a slow general kernel on the native engine (and tfjs has none at rank 5).
  const group = nHead / nKvHead;
  const shared = (t: tf.Tensor3D): tf.Tensor3D => {
    const perHead = t.reshape([batch, nKvHead, 1, time * headSize]);
    return tf.concat(Array.from({ length: group }, () => perHead), 2).reshape<tf.Tensor3D>([batch * nHead, time, headSize]);
  };
  const attended = causalAttention(heads(q, nHead), shared(heads(k, nKvHead)), shared(heads(v, nKvHead)), dropoutRate, training, rng);
  return tf.transpose(attended.reshape([batch, nHead, time, headSize]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch, time, nHead * headSize]); // (B, T, C)
}
