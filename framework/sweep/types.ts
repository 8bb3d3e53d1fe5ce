// The sweep layer's shared vocabulary: a sweep spec, its search space, points, trials and their
// results. Samplers propose points, pruners judge a trial's curve, the executor runs trials, and
// the study (study.ts) joins them; each works on these plain types only.

/** A config path ("optimizer.lr", "model.attention.n_head") and what it may take. */
export type ParameterSpace =
  | { path: string; kind: 'values'; values: readonly unknown[] }
  | { path: string; kind: 'uniform' | 'log-uniform'; min: number; max: number }
  | { path: string; kind: 'int-uniform'; min: number; max: number }
  | { path: string; kind: 'choice'; values: readonly unknown[] };

/** One assignment of every parameter: config path -> value. */
export type Point = Record<string, unknown>;

export type Goal = 'minimize' | 'maximize';
export type Method = 'grid' | 'random' | 'tpe';

export type EarlyStop =
  | { type: 'median'; warmup_steps: number; min_trials: number }
  | { type: 'asha'; min_steps: number; reduction_factor: number };

export interface SweepSpec {
  name: string;
  /** Absolute path of the base config. */
  base: string;
  metric: string;
  goal: Goal;
  method: Method;
  /** Points to try (random and tpe; grid tries all of its points). */
  trials: number;
  parallel: number;
  /** Each point runs once per seed and is ranked by the mean; empty: the base config's seed. */
  seeds: number[];
  earlyStop?: EarlyStop;
  parameters: ParameterSpace[];
  /** Overrides applied to every trial before the point's values (`folio sweep --set`). */
  overrides: string[];
  /** Seed of the sampler itself (random, tpe). */
  samplerSeed: number;
}

/** A trial's metric curve so far: (step, value) in step order. */
export type Curve = readonly { step: number; value: number }[];

export type TrialStatus = 'pending' | 'running' | 'completed' | 'pruned' | 'failed' | 'interrupted' | 'diverged' | 'crashed';

/** What samplers and pruners see of a trial. */
export interface TrialResult {
  point: Point;
  seed: number;
  status: TrialStatus;
  /** The objective: the last value of the sweep's metric (undefined before it is logged). */
  value?: number;
  curve: Curve;
}
