// estimate_loss: the mean loss over eval_iters fresh batches of each split, without dropout.
import { tf } from '../engine/tf.js';
import type { LanguageModel } from '../registry/contracts.js';
import type { BatchSampler } from './batches.js';
import { batchLoss } from './loss.js';

export function estimateLoss(model: LanguageModel, sampler: BatchSampler, iters: number): number {
  let total = 0;
  for (let i = 0; i < iters; i++) {
    const loss = tf.tidy(() => batchLoss(model, sampler.next(), false));
    total += loss.dataSync()[0]!;
    loss.dispose();
  }
  return total / iters;
}
