// The run's reward, preferences and objective: built after the model and the data, because each
// needs run-time facts (the vocabulary, the training tokens, the frozen reference model).
import type { RunConfig } from '../config/types.js';
import type { ParameterScope } from '../engine/parameters.js';
import type { Rng } from '../engine/rng.js';
import type { BatchGenerator, LoadedRunModel, Objective, PreferenceSource, Reward, RunChoice } from '../registry/alignment.js';
import type { BaseContext, LanguageModel, Tokenizer } from '../registry/contracts.js';
import type { Registry } from '../registry/registry.js';
import type { tf } from '../engine/tf.js';

/** What only the running experiment knows, handed to the alignment components. */
export interface AlignmentRuntime {
  tokenizer: Tokenizer;
  blockSize: number;
  trainTokens: Int32Array;
  /** The frozen init_from model, when the run has one. */
  reference?: LanguageModel;
  nextTokenLoss(policy: LanguageModel, training: boolean): tf.Scalar;
  generate: BatchGenerator;
  loadRun(which: RunChoice): Promise<LoadedRunModel>;
  samplingRng: Rng;
  samplePrompt: string;
  fixedValLoss(model: LanguageModel): Promise<number>;
}

/** Builds the alignment components once the model and the data exist. */
export type AlignmentFactory = (runtime: AlignmentRuntime) => AlignmentParts;

export interface AlignmentParts {
  /** Absent when the config names none: the trainer then minimises next-token loss itself. */
  objective?: Objective;
  reward?: Reward;
  preferences?: PreferenceSource;
  dispose(): void;
}

/** The objective's own weights go under `objective.` in the run's parameters (and checkpoints). */
export const OBJECTIVE_SCOPE = 'objective';

export function buildAlignment(config: RunConfig, registry: Registry, base: BaseContext, params: ParameterScope, runtime: AlignmentRuntime): AlignmentParts {
  const reward = config.reward === undefined ? undefined : registry.create('reward', config.reward, { ...base, loadRun: runtime.loadRun });
  const preferences =
    config.preferences === undefined
      ? undefined
      : registry.create('preferences', config.preferences, {
          ...base,
          tokenizer: runtime.tokenizer,
          trainTokens: runtime.trainTokens,
          blockSize: runtime.blockSize,
          generate: runtime.generate,
          ...(reward === undefined ? {} : { reward }),
        });
  const objective =
    config.objective === undefined
      ? undefined
      : registry.create('objective', config.objective, {
          ...base,
          tokenizer: runtime.tokenizer,
          blockSize: runtime.blockSize,
          params: params.scope(OBJECTIVE_SCOPE),
          nextTokenLoss: runtime.nextTokenLoss,
          generate: runtime.generate,
          samplingRng: runtime.samplingRng,
          samplePrompt: runtime.samplePrompt,
          fixedValLoss: runtime.fixedValLoss,
          ...(runtime.reference === undefined ? {} : { reference: runtime.reference }),
          ...(preferences === undefined ? {} : { preferences }),
          ...(reward === undefined ? {} : { reward }),
        });
  return {
    ...(objective === undefined ? {} : { objective }),
    ...(reward === undefined ? {} : { reward }),
    ...(preferences === undefined ? {} : { preferences }),
    dispose: () => {
      objective?.dispose?.();
      reward?.dispose?.();
    },
  };
}
