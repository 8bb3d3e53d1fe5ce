// The component API of the stage after pretraining: what the trainer minimises (objective), what
// scores a text (reward) and where preference pairs come from (preferences).
import type { tf } from '../engine/tf.js';
import type { ParameterScope } from '../engine/parameters.js';
import type { Rng } from '../engine/rng.js';
import type { BaseContext, LanguageModel, Tokenizer } from './contracts.js';

/** A prompt and two completions of it, as token ids; `chosen` is the preferred one. */
export interface PreferencePair {
  prompt: readonly number[];
  chosen: readonly number[];
  rejected: readonly number[];
  /** Stable identity of a pair that comes back (a file's line): lets an objective cache per pair. */
  key?: string;
}

/** Scores texts; higher is preferred. */
export interface Reward {
  score(texts: readonly string[]): Promise<number[]>;
  /** Frees what it holds (a reward model's weights). */
  dispose?(): void;
}

/** Where pairs come from: a file, or the policy's own samples ranked by a reward. */
export interface PreferenceSource {
  /** The pairs of one training step, for the policy as it stands now. */
  next(policy: LanguageModel): Promise<PreferencePair[]>;
  /** Pairs kept out of training, to measure a reward model on (a file's held-out lines). */
  heldOut?(): readonly PreferencePair[];
}

/** Token windows for next-token training: (B, T) inputs and the (B, T) tokens that follow. */
export interface TokenBatch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

/** Samples `tokens` ids after each prompt (all prompts of one length), one batched forward per token. */
export type BatchGenerator = (
  model: LanguageModel,
  prompts: readonly (readonly number[])[],
  options: { tokens: number; temperature: number },
  rng: Rng,
) => Promise<number[][]>;

/**
 * What the trainer minimises. Each step the trainer awaits `prepare`, then calls `loss` inside
 * the step's gradient scope (tensors it makes there are freed with the step; keep with tf.keep
 * what `logged` reads later).
 */
export interface Objective {
  /** Work that may wait, before step `step` (1-based): drawing pairs, reference log-probs. */
  prepare?(step: number, policy: LanguageModel): Promise<void>;
  loss(policy: LanguageModel, training: boolean): tf.Scalar;
  /** Means of its own metrics since the last call (e.g. rewards/chosen), read when the trainer logs. */
  logged?(): Promise<Record<string, number>>;
  /** Metrics of the policy at an evaluation (e.g. reward/mean, policy/kl). */
  evaluate?(policy: LanguageModel): Promise<Record<string, number>>;
  dispose?(): void;
}

/** A recorded run: by id, or the newest completed run called `name`; and which of its checkpoints. */
export interface RunChoice {
  run: number | 'newest';
  name?: string;
  checkpoint: 'best' | 'latest' | number;
}

export interface RewardContext extends BaseContext {
  /** A recorded run's model, for `reward: { type: model }` (rejects when there is no store). */
  loadRun(which: RunChoice): Promise<LoadedRunModel>;
}

/** A run's trained model back in memory, with its tokenizer and every tensor its checkpoint held. */
export interface LoadedRunModel {
  model: LanguageModel;
  tokenizer: Tokenizer;
  /** A checkpoint tensor by parameter name (e.g. `objective.reward_head.weight`), or undefined. */
  tensor(name: string): tf.Tensor | undefined;
  dispose(): void;
}

export interface PreferencesContext extends BaseContext {
  tokenizer: Tokenizer;
  /** The training split's token ids (self-play draws its prompts there). */
  trainTokens: Int32Array;
  blockSize: number;
  /** The run's `reward:`, when it has one. */
  reward?: Reward;
  generate: BatchGenerator;
}

export interface ObjectiveContext extends BaseContext {
  tokenizer: Tokenizer;
  blockSize: number;
  /** Weights the objective adds to the run (a reward model's head), saved with the model's. */
  params: ParameterScope;
  /** The next-token loss of the policy on the next training batch (the pretraining objective). */
  nextTokenLoss(policy: LanguageModel, training: boolean): tf.Scalar;
  /** The frozen model the run started from (init_from), when the objective asked for one. */
  reference?: LanguageModel;
  preferences?: PreferenceSource;
  reward?: Reward;
  generate: BatchGenerator;
  /** For evaluation samples (the run's sampling generator, which checkpoints store). */
  samplingRng: Rng;
  /** Where evaluation samples start (the run's sample.prompt). */
  samplePrompt: string;
  /**
   * Next-token loss of a model on a fixed set of validation windows (the same windows every call):
   * policy against reference gives the alignment tax without the noise of fresh batches.
   */
  fixedValLoss(model: LanguageModel): Promise<number>;
}
