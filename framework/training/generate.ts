// Autoregressive sampling: temperature, optional top-k, one token at a time.
import type { Rng } from '../engine/rng.js';
import { tf } from '../engine/tf.js';
import type { LanguageModel } from '../registry/contracts.js';

export interface SamplingOptions {
  tokens: number;
  temperature: number;
  /** Keep only the k most likely tokens; 0 keeps all. */
  topK: number;
}

/** Generates `options.tokens` ids after `prompt` (which must hold at least one id). */
export async function generate(model: LanguageModel, prompt: readonly number[], options: SamplingOptions, rng: Rng): Promise<number[]> {
  if (prompt.length === 0) throw new RangeError('generation needs a prompt of at least one token');
  const ids = [...prompt];
  for (let i = 0; i < options.tokens; i++) {
    const context = ids.slice(-Math.min(ids.length, model.blockSize));
    const logits = tf.tidy(() => {
      const all = model.forward(tf.tensor2d([context], [1, context.length], 'int32'), false); // (1, T, V)
      const vocab = all.shape[2];
      return all.slice([0, context.length - 1, 0], [1, 1, vocab]).reshape([vocab]); // last position
    });
    const values = (await logits.data()) as Float32Array;
    logits.dispose();
    ids.push(sampleFrom(values, options, rng));
  }
  return ids.slice(prompt.length);
}

/** Draws one id from softmax(logits / temperature), restricted to the top k. */
export function sampleFrom(logits: Float32Array, options: Pick<SamplingOptions, 'temperature' | 'topK'>, rng: Rng): number {
  const scaled = Array.from(logits, (l) => l / options.temperature);
  let floor = -Infinity;
  if (options.topK > 0 && options.topK < scaled.length) {
    floor = [...scaled].sort((a, b) => b - a)[options.topK - 1]!;
  }
  const max = Math.max(...scaled);
  const weights = scaled.map((l) => (l >= floor ? Math.exp(l - max) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let id = 0; id < weights.length; id++) {
    u -= weights[id]!;
    if (u < 0) return id;
  }
  return weights.length - 1;
}
