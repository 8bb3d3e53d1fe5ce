// estimate_loss: the mean loss over eval_iters fresh batches of each split, without dropout.
import { tf } from '../engine/tf.js';
import type { LanguageModel } from '../registry/contracts.js';
import type { BatchSampler } from './batches.js';
import { batchLoss } from './loss.js';

export async function estimateLoss(model: LanguageModel, sampler: BatchSampler, iters: number): Promise<number> {
  // Summed on the device and read once: one wait for the GPU instead of one per batch.
  let total: tf.Scalar = tf.scalar(0);
  for (let i = 0; i < iters; i++) {
    const previous = total;
    total = tf.tidy(() => tf.add(previous, batchLoss(model, sampler.next(), false)) as tf.Scalar);
    previous.dispose();
  }
  const sum = (await total.data())[0]!;
  total.dispose();
  return sum / iters;
}
