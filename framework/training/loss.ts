// Next-token cross-entropy of a language model on one batch.
import { crossEntropy } from '../engine/ops.js';
import { tf } from '../engine/tf.js';
import type { LanguageModel } from '../registry/contracts.js';
import type { Batch } from './batches.js';

export function batchLoss(model: LanguageModel, batch: Batch, training: boolean): tf.Scalar {
  const logits = model.forward(batch.x, training); // (B, T, V)
  const [b, t, vocab] = logits.shape;
  return crossEntropy(logits.reshape([b * t, vocab]), batch.y.reshape([b * t]));
}
