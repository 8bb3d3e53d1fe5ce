// The shape of a validated, fully resolved run config (defaults applied).
import type { ComponentConfig } from '../registry/define.js';

export interface TrainSettings {
  batch_size: number;
  max_iters: number;
  /** Stop after this many minutes of training if max_iters is not reached first. */
  max_minutes?: number;
  /** Evaluate every this many steps (and at the last step); 0 evaluates only at the end. */
  eval_interval: number;
  eval_iters: number;
  /** Clip gradients to this global norm; 0 disables clipping. */
  grad_clip: number;
  /** Record train/loss and friends every this many steps. */
  log_interval: number;
}

export interface SampleSettings {
  /** Generate a sample every this many steps; 0 = only at evaluations. */
  every: number;
  tokens: number;
  temperature: number;
  /** Keep only the k most likely tokens; 0 disables. */
  top_k: number;
  prompt: string;
}

/** When checkpoints are written and which are kept (framework/training/checkpoint/keeper.ts). */
export interface CheckpointConfig {
  /** Every this many steps; absent: at each evaluation. Always at the end. */
  every?: number;
  keep: number;
  best: boolean;
}

/** Fine-tuning: the weights (and tokenizer) a run starts from; exactly one of run and path. */
export interface InitFromConfig {
  /** A run id, or `newest`: the newest completed run named `name`. */
  run?: number | 'newest';
  /** With run: newest, the run name (a config's `name:`) to look for. */
  name?: string;
  path?: string;
  checkpoint: 'best' | 'latest' | number;
  /** Characters of the dataset outside the pretrained vocabulary. */
  unknown_characters: 'error' | 'drop';
}

export interface RunConfig {
  name: string;
  seed: number;
  backend: string;
  /** Files of the user's own components, relative to the config file. */
  imports: string[];
  dataset: ComponentConfig;
  tokenizer: ComponentConfig;
  model: ComponentConfig;
  optimizer: ComponentConfig;
  schedule: ComponentConfig;
  train: TrainSettings;
  sample: SampleSettings;
  checkpoint: CheckpointConfig;
  init_from?: InitFromConfig;
  /** What the trainer minimises; absent: next-token prediction (pretraining). */
  objective?: ComponentConfig;
  /** Scores texts: self-play ranks samples with it, evaluations report its mean. */
  reward?: ComponentConfig;
  /** Where preference pairs come from (dpo, reward-model). */
  preferences?: ComponentConfig;
}

export interface ResolvedConfig {
  config: RunConfig;
  /** sha256 of the canonical JSON of `config`. */
  hash: string;
  /** The config file as given, and its directory (for relative paths). */
  file: string;
  dir: string;
}
