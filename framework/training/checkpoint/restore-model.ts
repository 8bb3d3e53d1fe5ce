// A trained model back in memory from a checkpoint, for sampling, evaluation and export.
import { buildRunContainer, resolveRunComponents, type RunComponents } from '../../container/build.js';
import type { RunConfig } from '../../config/types.js';
import type { LanguageModel } from '../../registry/contracts.js';
import type { Registry } from '../../registry/registry.js';
import type { LoadedCheckpoint } from './read.js';
import { loadWeights } from './training-state.js';

export interface RestoredModel {
  parts: RunComponents;
  model: LanguageModel;
  backend: string;
  /** Frees the weights and the optimizer. */
  dispose(): void;
}

/** Builds the config's model on its backend, with the checkpoint's vocabulary and weights. */
export async function restoreModel(checkpoint: LoadedCheckpoint, config: RunConfig, registry: Registry, configDir: string): Promise<RestoredModel> {
  const parts = resolveRunComponents(buildRunContainer(config, registry, { configDir, cacheDir: configDir }));
  const dispose = () => {
    parts.optimizer.dispose();
    parts.parameters.dispose();
  };
  try {
    const active = await parts.backend.activate();
    parts.tokenizer.restore(checkpoint.tokenizer);
    const model = parts.createModel(parts.tokenizer.vocabSize);
    loadWeights(checkpoint.file, checkpoint.weights, parts.parameters);
    return { parts, model, backend: active.name, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
