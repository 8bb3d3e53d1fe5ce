// Log-probabilities of given continuations: what preference objectives compare between models.
import { tf } from './tf.js';

/**
 * Sum over the positions `mask` selects of log p(target | prefix): logits (N, T, V), targets and
 * mask (N, T) -> (N). Differentiable (log-softmax, a one-hot pick and sums: ops every backend has).
 */
export function sequenceLogProbs(logits: tf.Tensor3D, targets: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  const vocab = logits.shape[2];
  const logProbs = tf.logSoftmax(logits); // (N, T, V)
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(targets, vocab)), -1); // (N, T)
  return tf.sum(tf.mul(picked, mask), -1) as tf.Tensor1D; // (N)
}

/** log σ(x), written as -softplus(-x) so that it stays finite for large |x|. */
export function logSigmoid<T extends tf.Tensor>(x: T): T {
  return tf.neg(tf.softplus(tf.neg(x))) as T;
}
