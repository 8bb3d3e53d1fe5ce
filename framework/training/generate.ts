// Autoregressive sampling: temperature, optional top-k, one token at a time.
import type { Rng } from '../engine/rng.js';
import { tf } from '../engine/tf.js';
import type { LanguageModel } from '../registry/contracts.js';

export interface SamplingOptions {
  tokens: number;
  /** Divides the logits; 0 takes the most likely token every time (greedy decoding). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 keeps all. */
  topK: number;
  /** Told of each id as it is generated (to stream the text). */
  onToken?: (id: number) => void;
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
    const id = sampleFrom(values, options, rng);
    ids.push(id);
    options.onToken?.(id);
  }
  return ids.slice(prompt.length);
}

/** Draws one id from softmax(logits / temperature), restricted to the top k. */
export function sampleFrom(logits: Float32Array, options: Pick<SamplingOptions, 'temperature' | 'topK'>, rng: Rng): number {
  if (options.temperature === 0) return argmax(logits);
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

/** The first index of the largest value. */
function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * Samples `options.tokens` ids after each of `prompts` (all of one length), one forward of the
 * whole batch per token: self-play and reward evaluation draw many samples at once.
 */
export async function generateBatch(
  model: LanguageModel,
  prompts: readonly (readonly number[])[],
  options: { tokens: number; temperature: number; topK?: number },
  rng: Rng,
): Promise<number[][]> {
  const length = prompts[0]?.length ?? 0;
  if (length === 0 || prompts.some((p) => p.length !== length)) throw new RangeError('batched generation needs prompts of one length, at least one token');
  const rows = prompts.map((p) => [...p]);
  const settings = { temperature: options.temperature, topK: options.topK ?? 0 };
  for (let i = 0; i < options.tokens; i++) {
    const time = Math.min(rows[0]!.length, model.blockSize);
    const context = rows.flatMap((row) => row.slice(-time));
    const logits = tf.tidy(() => {
      const all = model.forward(tf.tensor2d(context, [rows.length, time], 'int32'), false); // (N, T, V)
      const vocab = all.shape[2];
      return all.slice([0, time - 1, 0], [rows.length, 1, vocab]).reshape([rows.length, vocab]); // last position
    });
    const values = (await logits.data()) as Float32Array;
    const vocab = logits.shape[1]!;
    logits.dispose();
    rows.forEach((row, r) => row.push(sampleFrom(values.subarray(r * vocab, (r + 1) * vocab), settings, rng)));
  }
  return rows.map((row) => row.slice(length));
}
