// What an evaluation measures on the policy's own samples: their reward and their KL to the reference.
import { sequenceLogProbs, tf } from '../../framework/engine/index.js';
import type { LanguageModel, ObjectiveContext } from '../../framework/registry/index.js';

export interface SampleSettings {
  samples: number;
  tokens: number;
  temperature: number;
}

/**
 * reward/mean and reward/std of `samples` completions of the run's sample prompt, and policy/kl:
 * the mean over them of Σ log π(x) − log π_ref(x) on their first block_size tokens (a sample's
 * own estimate of KL(π ‖ π_ref), as TRL logs it).
 */
export async function sampleStats(policy: LanguageModel, ctx: ObjectiveContext, settings: SampleSettings): Promise<Record<string, number>> {
  const promptIds = Array.from(ctx.tokenizer.encode(ctx.samplePrompt));
  const prompt = promptIds.length > 0 ? promptIds.slice(-ctx.blockSize) : [0];
  const prompts = Array.from({ length: settings.samples }, () => prompt);
  const completions = await ctx.generate(policy, prompts, settings, ctx.samplingRng);
  const metrics: Record<string, number> = {};
  if (ctx.reward !== undefined) {
    const scores = await ctx.reward.score(completions.map((ids) => ctx.tokenizer.decode(ids)));
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    metrics['reward/mean'] = mean;
    metrics['reward/std'] = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
  }
  if (ctx.reference !== undefined) metrics['policy/kl'] = await sampleKl(policy, ctx.reference, prompt, completions, ctx.blockSize);
  return metrics;
}

async function sampleKl(policy: LanguageModel, reference: LanguageModel, prompt: number[], completions: number[][], blockSize: number): Promise<number> {
  const length = Math.min(blockSize, prompt.length + (completions[0]?.length ?? 0) - 1);
  if (length < prompt.length) return 0;
  const rows = completions.map((c) => [...prompt, ...c].slice(0, length + 1));
  const x = rows.flatMap((r) => r.slice(0, length));
  const y = rows.flatMap((r) => r.slice(1, length + 1));
  const mask = rows.flatMap(() => Array.from({ length }, (_, t) => (t + 1 >= prompt.length ? 1 : 0)));
  const perSample = tf.tidy(() => {
    const shape: [number, number] = [rows.length, length];
    const [xs, ys, masks] = [tf.tensor2d(x, shape, 'int32'), tf.tensor2d(y, shape, 'int32'), tf.tensor2d(mask, shape)];
    return tf.mean(tf.sub(sequenceLogProbs(policy.forward(xs, false), ys, masks), sequenceLogProbs(reference.forward(xs, false), ys, masks)));
  });
  const value = (await perSample.data())[0]!;
  perSample.dispose();
  return value;
}
