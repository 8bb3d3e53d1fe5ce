// A tiny GPT built through the real registry and container, for tests that train or differentiate.
import { builtinRegistry } from '../../components/index.js';
import type { RunConfig } from '../../framework/config/types.js';
import { buildRunContainer } from '../../framework/container/build.js';
import { resolveRunComponents, type RunComponents } from '../../framework/container/run-parts.js';
import type { LanguageModel } from '../../framework/registry/contracts.js';

export function tinyConfig(overrides: Partial<RunConfig> = {}, model: Record<string, unknown> = {}): RunConfig {
  return {
    name: 'tiny',
    seed: 7,
    backend: 'wasm',
    imports: [],
    dataset: { type: 'text-file', path: 'unused.txt', val_fraction: 0.1 },
    tokenizer: { type: 'char' },
    model: {
      type: 'gpt',
      n_layer: 2,
      n_embd: 16,
      block_size: 8,
      dropout: 0,
      bias: true,
      tie_weights: false,
      init: 'gpt2',
      block: { type: 'pre-ln' },
      attention: { type: 'causal-self-attention', n_head: 2 },
      feedforward: { type: 'mlp', expansion: 4, activation: 'gelu' },
      ...model,
    },
    optimizer: { type: 'adamw', lr: 1e-2, betas: [0.9, 0.99], eps: 1e-8, weight_decay: 0 },
    schedule: { type: 'constant' },
    train: { batch_size: 4, max_iters: 10, eval_interval: 0, eval_iters: 1, grad_clip: 1, log_interval: 1 },
    sample: { every: 0, tokens: 0, temperature: 1, top_k: 0, prompt: '\n' },
    checkpoint: { keep: 1, best: true },
    ...overrides,
  };
}

export interface TinyModel {
  parts: RunComponents;
  model: LanguageModel;
}

/** Builds the config's components, starts its backend and a model over `vocabSize` tokens. */
export async function buildTiny(config: RunConfig, vocabSize: number): Promise<TinyModel> {
  const parts = resolveRunComponents(buildRunContainer(config, builtinRegistry(), { configDir: '.', cacheDir: '.' }));
  await parts.backend.activate();
  return { parts, model: parts.createModel(vocabSize) };
}
