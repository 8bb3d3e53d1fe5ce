// A trained model back in memory from a checkpoint, for sampling, evaluation and export.
import { buildRunContainer } from '../../container/build.js';
import { vocabularyOf } from '../../container/run-services.js';
import { COMPONENTS, LEARNED, RUN } from '../../container/tokens.js';
import type { RunConfig } from '../../config/types.js';
import type { ParameterStore } from '../../engine/parameters.js';
import type { LanguageModel, Optimizer, Tokenizer } from '../../registry/contracts.js';
import type { Registry } from '../../registry/registry.js';
import type { LoadedCheckpoint } from './read.js';
import { loadWeights } from './training-state.js';

export interface RestoredModel {
  model: LanguageModel;
  tokenizer: Tokenizer;
  parameters: ParameterStore;
  /** The config's optimizer, fresh (an export writes its state beside the weights). */
  optimizer: Optimizer;
  backend: string;
  /** Frees the weights and the optimizer. */
  dispose(): void;
}

/** Builds the config's model on its backend, with the checkpoint's vocabulary and weights. */
export async function restoreModel(checkpoint: LoadedCheckpoint, config: RunConfig, registry: Registry, configDir: string): Promise<RestoredModel> {
  const run = buildRunContainer(config, registry, { configDir, cacheDir: configDir });
  const parameters = run.get(RUN.parameters);
  const optimizer = run.get(COMPONENTS.optimizer);
  const dispose = () => {
    optimizer.dispose();
    parameters.dispose();
  };
  try {
    const active = await run.get(COMPONENTS.backend).activate();
    run.provide(LEARNED.activeBackend, active);
    const tokenizer = run.get(COMPONENTS.tokenizer);
    tokenizer.restore(checkpoint.tokenizer);
    run.provide(LEARNED.vocabulary, vocabularyOf(tokenizer));
    const model = run.get(COMPONENTS.model);
    loadWeights(checkpoint.file, checkpoint.weights, parameters);
    return { model, tokenizer, parameters, optimizer, backend: active.name, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
