// A tiny policy and its frozen reference (the same init), and the contexts alignment components take.
import { builtinRegistry } from '../../components/index.js';
import { servicesWithoutRun } from '../../framework/container/run-services.js';
import { Rng } from '../../framework/engine/rng.js';
import type { ObjectiveContext, PreferencePair, PreferenceSource, Reward } from '../../framework/registry/alignment.js';
import type { LanguageModel } from '../../framework/registry/contracts.js';
import { generateBatch } from '../../framework/training/generate.js';
import { batchLoss } from '../../framework/training/loss.js';
import { BatchSampler } from '../../framework/training/batches.js';
import { estimateLoss } from '../../framework/training/evaluate.js';
import { SHORT_TEXT } from '../helpers/tiny-training.js';
import { buildTiny, tinyConfig, type TinyModel } from '../helpers/tiny-gpt.js';

export interface TinyAlignment {
  policy: TinyModel;
  reference: TinyModel;
  tokens: Int32Array;
  dispose(): void;
}

/** Policy and reference built from one seed: equal weights until the policy trains. */
export async function tinyPolicyAndReference(seed = 5): Promise<TinyAlignment> {
  const config = tinyConfig({ seed }, { n_layer: 1, n_embd: 16, block_size: 16 });
  const vocab = new Set(SHORT_TEXT).size;
  const policy = await buildTiny(config, vocab);
  const reference = await buildTiny(config, vocab);
  for (const built of [policy, reference]) built.parts.tokenizer.fit(SHORT_TEXT);
  return {
    policy,
    reference,
    tokens: policy.parts.tokenizer.encode(SHORT_TEXT.repeat(4)),
    dispose: () => {
      for (const built of [policy, reference]) {
        built.parts.optimizer.dispose();
        built.parts.parameters.dispose();
      }
    },
  };
}

/** The context the run gives an objective, for the tiny policy. */
export function objectiveContext(tiny: TinyAlignment, extra: { preferences?: PreferenceSource; reward?: Reward } = {}): ObjectiveContext {
  const { policy, reference } = tiny;
  const batches = new BatchSampler(tiny.tokens, policy.model.blockSize, 4, new Rng(1), 'training');
  return {
    rng: new Rng(2),
    configDir: '.',
    services: servicesWithoutRun('.'),
    tokenizer: policy.parts.tokenizer,
    blockSize: policy.model.blockSize,
    params: policy.parts.parameters.root().scope('objective'),
    nextTokenLoss: (model: LanguageModel, training: boolean) => batchLoss(model, batches.next(), training),
    reference: reference.model,
    generate: generateBatch,
    samplingRng: new Rng(3),
    samplePrompt: 'T',
    fixedValLoss: (model: LanguageModel) => estimateLoss(model, new BatchSampler(tiny.tokens, policy.model.blockSize, 4, new Rng(9), 'validation'), 2),
    ...extra,
  };
}

/** The same pairs every step. */
export function fixedPairs(pairs: PreferencePair[]): PreferenceSource {
  return { next: async () => pairs };
}

export const registry = builtinRegistry();
