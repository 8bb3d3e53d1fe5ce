// The reward model's scalar head, shared by its objective (training) and the model reward (scoring).
import { tf } from '../../framework/engine/index.js';

/** Parameter names under the objective's scope (the run stores them as objective.reward_head.*). */
export const REWARD_HEAD_WEIGHT = 'reward_head.weight';
export const REWARD_HEAD_BIAS = 'reward_head.bias';

/**
 * logits (N, T, V), a weighting of the positions (N, T) -> (N) scores Σ_t mask·(w·logits_t) + b.
 * With a mean over the text's positions: a lexicon sums evidence along the text, and so does this;
 * the last position alone (where it predicts the next character) ranked held-out pairs barely
 * better than chance (0.64).
 */
export function scoreText(logits: tf.Tensor3D, positions: tf.Tensor2D, head: { weight: tf.Tensor; bias: tf.Tensor }): tf.Tensor1D {
  const [rows, time, vocab] = logits.shape;
  const perPosition = tf.add(tf.matMul(logits.reshape([rows * time, vocab]), head.weight as tf.Tensor2D), head.bias).reshape([rows, time]); // (N, T)
  return tf.sum(tf.mul(perPosition, positions), -1) as tf.Tensor1D;
}
