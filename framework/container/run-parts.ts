// The run's pieces resolved at once, for tools that drive them by hand (benchmarks, tests); a
// run's own set-up (training/run-setup.ts) asks the container for each when its inputs exist.
import type { ParameterStore } from '../engine/parameters.js';
import type { Backend, Dataset, LanguageModel, Optimizer, Schedule, Tokenizer } from '../registry/contracts.js';
import type { RunContainer } from './run-container.js';
import type { RunRngs } from './run-rngs.js';
import { vocabularyOf } from './run-services.js';
import { COMPONENTS, LEARNED, RUN } from './tokens.js';

export interface RunComponents {
  rngs: RunRngs;
  backend: Backend;
  dataset: Dataset;
  tokenizer: Tokenizer;
  parameters: ParameterStore;
  /** The model over `vocabSize` ids (the tokenizer's once it has seen the corpus; a tool may ask for another). */
  createModel(vocabSize: number): LanguageModel;
  optimizer: Optimizer;
  schedule: Schedule;
}

export function resolveRunComponents(run: RunContainer): RunComponents {
  const tokenizer = run.get(COMPONENTS.tokenizer);
  return {
    rngs: run.get(RUN.rngs),
    backend: run.get(COMPONENTS.backend),
    dataset: run.get(COMPONENTS.dataset),
    tokenizer,
    parameters: run.get(RUN.parameters),
    createModel: (vocabSize) => {
      run.provide(LEARNED.vocabulary, vocabularyOf(tokenizer, vocabSize));
      return run.get(COMPONENTS.model);
    },
    optimizer: run.get(COMPONENTS.optimizer),
    schedule: run.get(COMPONENTS.schedule),
  };
}
