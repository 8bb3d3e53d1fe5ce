// The public component API: what each kind of component promises the framework.
// A user's own component implements exactly these, like the built-ins do.
import type { tf } from '../engine/tf.js';
import type { Parameter } from '../engine/parameter.js';
import type { ParameterScope } from '../engine/parameters.js';
import type { Rng } from '../engine/rng.js';
import type { ActiveBackend } from '../engine/backends.js';
import type { NormKind } from '../engine/norms.js';

/**
 * Defined with the engine that owns them, and part of this API: a trainable tensor, the backend a run
 * got, and the normalisations the engine computes.
 */
export type { Parameter, ActiveBackend, NormKind };

export interface Tokenizer {
  readonly vocabSize: number;
  /** Learns the vocabulary from the training corpus (a no-op for fixed vocabularies). */
  fit(corpus: string): void;
  encode(text: string): Int32Array;
  decode(ids: Iterable<number>): string;
  /** What a checkpoint must store to rebuild this tokenizer. */
  state(): unknown;
  restore(state: unknown): void;
}

export interface Corpus {
  text: string;
  /** Where the text came from, for the run record. */
  source: string;
}

export interface Dataset {
  /** Fraction of the text held out (from its end) for validation. */
  readonly valFraction: number;
  load(): Promise<Corpus>;
}

/** Sizes a model hands to the layers it builds. */
export interface ModelDims {
  nEmbd: number;
  blockSize: number;
  nLayer: number;
  dropout: number;
  bias: boolean;
  /**
   * How the model tells positions apart: its own learned table ('learned', the default), rotary
   * embeddings that each attention applies to its queries and keys ('rope'), or not at all
   * ('none', for attentions that bring their own, like ALiBi).
   */
  positions?: PositionEncoding;
  /** The normalisation its blocks use: LayerNorm (the default) or RMSNorm. */
  norm?: NormKind;
}

export type PositionEncoding = 'learned' | 'rope' | 'none';

export type Activation = 'gelu' | 'relu';

/** A residual-stream layer: (B, T, C) -> (B, T, C). */
export interface Layer {
  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D;
}
export type Block = Layer;
export type Attention = Layer;
export type FeedForward = Layer;

/** Builders for the multi-instance kinds: each call makes a layer with its own weights. */
export interface LayerFactories {
  block(scope: ParameterScope, dims: ModelDims): Block;
  attention(scope: ParameterScope, dims: ModelDims): Attention;
  feedforward(scope: ParameterScope, dims: ModelDims): FeedForward;
}

export interface LanguageModel {
  /** Longest context the model accepts (its position table size), or Infinity. */
  readonly blockSize: number;
  /** (B, T) token ids -> (B, T, vocab) logits. */
  forward(idx: tf.Tensor2D, training: boolean): tf.Tensor3D;
}

/** Clipping by global norm: every gradient × maxNorm / norm when norm > maxNorm (NaN stays NaN). */
export interface GradientClip {
  /** The global L2 norm of the unclipped gradients, still on the device. */
  norm: tf.Scalar;
  /** The bound, > 0. */
  maxNorm: number;
}

export interface Optimizer {
  /** Applies one update; `grads` holds one gradient per parameter name, already clipped. */
  step(params: readonly Parameter[], grads: Readonly<Record<string, tf.Tensor>>, lr: number): void;
  /**
   * Optional: the same update from unclipped gradients, scaling them by `clip` inside the update
   * itself (on a GPU that saves a pass over every gradient). Returns false, changing nothing,
   * where it cannot; the trainer then clips them and calls step().
   */
  stepClipped?(params: readonly Parameter[], grads: Readonly<Record<string, tf.Tensor>>, lr: number, clip: GradientClip): boolean;
  /**
   * Optional: everything a checkpoint needs to continue exactly where this optimizer stands.
   * The tensors stay the optimizer's own (read them, do not dispose them). Without it a resumed
   * run starts its optimizer afresh.
   */
  saveState?(): OptimizerState;
  /** Optional: takes over a state from saveState() (of an optimizer of the same type and params). */
  loadState?(state: OptimizerState): void;
  dispose(): void;
}

/** An optimizer's state: how many steps it has taken, and per-parameter tensors by slot. */
export interface OptimizerState {
  steps: number;
  /** slot name (e.g. `exp_avg`) -> parameter name -> tensor of the parameter's shape. */
  slots: Record<string, Record<string, tf.Tensor>>;
}

export interface Schedule {
  /**
   * Learning rate for a 0-based step. Under a time budget (train.max_minutes) the step may be
   * fractional: the trainer passes the clock's position on the max_iters scale when time runs ahead.
   */
  lrAt(step: number): number;
}

export interface Backend {
  activate(): Promise<ActiveBackend>;
}

export interface BaseContext {
  /** Seeded random numbers for this run (for a model and its layers: the generator of weight init and dropout). */
  rng: Rng;
  /** Directory of the config file that named the component (resolves relative paths). */
  configDir: string;
  /** What the run offers every component, built-in or a user's, resolved when asked for. */
  services: RunServices;
}

/** The token ids a run's tokenizer gives, once it has seen the corpus (or a checkpoint's vocabulary). */
export interface Vocabulary {
  /** How many token ids there are (a model's embedding and output width). */
  readonly size: number;
  encode(text: string): Int32Array;
  decode(ids: Iterable<number>): string;
}

/** Where a component records numbers of its own with the run (shown with the run's other metrics). */
export interface MetricsRecorder {
  metrics(step: number, values: Record<string, number>): void;
}

/**
 * The run's services, the same for every kind of component. Each is resolved from the run's
 * container when read; one that does not exist yet where it is asked for (the vocabulary in a
 * tokenizer's factory, the recorder while sampling from a checkpoint) throws a message saying when it does.
 */
export interface RunServices {
  /** Where downloads are cached (FOLIO_CACHE or ~/.cache/folio). */
  readonly cacheDir: string;
  /** The tensor engine in use: known once the backend has started (before any dataset or model is built). */
  readonly backend: ActiveBackend;
  readonly tokenizer: Tokenizer;
  /** Known once the tokenizer has seen the corpus: from the model on, not in a dataset's or tokenizer's factory. */
  readonly vocabulary: Vocabulary;
  /** The run's metrics in the store; absent where no run is recorded (a model rebuilt from a checkpoint). */
  readonly recorder: MetricsRecorder;
}

export interface DatasetContext extends BaseContext {
  /** Where downloads are cached (FOLIO_CACHE or ~/.cache/folio). */
  cacheDir: string;
}

export interface ModelContext extends BaseContext {
  vocabSize: number;
  params: ParameterScope;
  layers: LayerFactories;
}

export interface LayerContext extends BaseContext {
  dims: ModelDims;
  params: ParameterScope;
  layers: LayerFactories;
}

export interface ScheduleContext extends BaseContext {
  baseLr: number;
  maxIters: number;
}
