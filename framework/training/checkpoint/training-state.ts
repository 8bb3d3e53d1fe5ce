// What a checkpoint holds: the weights, the optimizer's state, every random generator's position,
// the tokenizer and the loop's own counters, so that a resumed run continues bit for bit.
import type { RunConfig } from '../../config/types.js';
import type { ParameterStore } from '../../engine/parameters.js';
import type { Rng } from '../../engine/rng.js';
import { tf } from '../../engine/tf.js';
import type { Optimizer, OptimizerState, Tokenizer } from '../../registry/contracts.js';
import { CheckpointError } from './errors.js';
import { encodeHeader, type NamedTensor } from './safetensors.js';

/** The checkpoint format this Folio writes; readers refuse formats they do not know. */
export const CHECKPOINT_FORMAT = 'folio-checkpoint-2';

const MODEL_PREFIX = 'model.';
const OPTIMIZER_PREFIX = 'optimizer.';
/** Weights an objective adds (framework/container/alignment.ts puts them under `objective.`). */
const OBJECTIVE_WEIGHTS = 'objective.';

/** The training loop's log window in progress: resumed, the next logged mean covers the same steps. */
export interface LoopWindow {
  loss: number;
  ms: number;
  steps: number;
}

/** Everything but the tensors, stored as JSON strings in the safetensors `__metadata__`. */
export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  runId: number;
  /** Optimizer steps completed. */
  step: number;
  config: RunConfig;
  configHash: string;
  tokenizer: unknown;
  /** Each generator's position, by purpose (model, sampling, batches.train, ...). */
  rngs: Record<string, number>;
  /** The optimizer's type and step count; null when it keeps no state Folio can save. */
  optimizer: { type: string; steps: number } | null;
  window: LoopWindow;
  /** Training time so far, in ms: a resumed run's train.max_minutes counts it. */
  elapsedMs: number;
  /** The val loss of the latest evaluation, and the lowest so far (null before the first). */
  valLoss: number | null;
  bestValLoss: number | null;
}

export interface TrainingState {
  parameters: ParameterStore;
  optimizer: Optimizer;
  tokenizer: Tokenizer;
  rngs: Record<string, Rng>;
}

/** A checkpoint in memory, ready to be written: header and data, copied out of the live tensors. */
export interface CheckpointBytes {
  header: Buffer;
  data: Buffer;
}

/**
 * Copies the state into one buffer. This is all the training loop waits for: the copy is taken
 * between two steps (the optimizer updates weights in place), the file is written afterwards.
 * `reuse`, the data buffer of an earlier snapshot already written, saves allocating (and
 * faulting in) a hundred megabytes again when it is the right size.
 */
export async function snapshotCheckpoint(
  state: TrainingState,
  meta: Omit<CheckpointMeta, 'format' | 'tokenizer' | 'rngs' | 'optimizer'>,
  reuse?: Buffer,
): Promise<CheckpointBytes> {
  const optimizerState = state.optimizer.saveState?.();
  const tensors = new Map<string, tf.Tensor>();
  for (const p of state.parameters.all) tensors.set(MODEL_PREFIX + p.name, p.variable);
  for (const [slot, byParam] of Object.entries(optimizerState?.slots ?? {})) {
    for (const [name, tensor] of Object.entries(byParam)) tensors.set(`${OPTIMIZER_PREFIX}${slot}.${name}`, tensor);
  }
  const full: CheckpointMeta = {
    ...meta,
    format: CHECKPOINT_FORMAT,
    tokenizer: state.tokenizer.state(),
    rngs: Object.fromEntries(Object.entries(state.rngs).map(([name, rng]) => [name, rng.position])),
    optimizer: optimizerState === undefined ? null : { type: meta.config.optimizer.type, steps: optimizerState.steps },
  };
  const sized = new Map([...tensors].map(([name, t]) => [name, { dtype: 'F32' as const, shape: t.shape, byteLength: t.size * 4 }]));
  const { header, dataBytes } = encodeHeader(sized, encodeMeta(full));
  const data = reuse?.length === dataBytes ? reuse : Buffer.allocUnsafe(dataBytes);
  // All reads at once: on a GPU each is a round trip, and nothing changes the tensors meanwhile.
  const values = await Promise.all([...tensors.values()].map((t) => t.data()));
  let at = 0;
  for (const v of values) {
    data.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
    at += v.byteLength;
  }
  return { header, data };
}

function encodeMeta(meta: CheckpointMeta): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([key, value]) => [key, JSON.stringify(value)]));
}

/** Reads the metadata of a Folio checkpoint, refusing other formats. */
export function decodeMeta(file: string, metadata: Record<string, string>): CheckpointMeta {
  const parsed: Record<string, unknown> = {};
  try {
    for (const [key, value] of Object.entries(metadata)) parsed[key] = JSON.parse(value);
  } catch {
    throw new CheckpointError(`${file}: its metadata is not Folio's (not JSON)`);
  }
  if (parsed.format !== CHECKPOINT_FORMAT) {
    const what = parsed.format === undefined ? 'has no Folio format mark' : `is in format ${JSON.stringify(parsed.format)}; this Folio reads ${CHECKPOINT_FORMAT}`;
    throw new CheckpointError(`${file}: not a Folio training checkpoint (it ${what})`);
  }
  for (const key of ['step', 'config', 'tokenizer', 'rngs', 'window'] as const) {
    if (parsed[key] === undefined) throw new CheckpointError(`${file}: its metadata lacks "${key}"`);
  }
  return parsed as unknown as CheckpointMeta;
}

/** The model's tensors of a checkpoint, by parameter name. */
export function modelTensors(tensors: ReadonlyMap<string, NamedTensor>): Map<string, NamedTensor> {
  return new Map([...tensors].filter(([name]) => name.startsWith(MODEL_PREFIX)).map(([name, t]) => [name.slice(MODEL_PREFIX.length), t]));
}

/**
 * Copies `weights` into the model's parameters. Every parameter must be there with its shape, and
 * nothing else: another model's checkpoint is refused, naming the first difference.
 */
export function loadWeights(file: string, weights: ReadonlyMap<string, NamedTensor>, parameters: ParameterStore): void {
  for (const p of parameters.all) {
    const saved = weights.get(p.name);
    // An objective's own weights (a reward head) are new when fine-tuning from a plain language model.
    if (saved === undefined && p.name.startsWith(OBJECTIVE_WEIGHTS)) continue;
    if (saved === undefined) throw new CheckpointError(`${file}: has no ${p.name}, which this model has: it was written for another model`);
    if (saved.shape.join() !== p.variable.shape.join()) {
      throw new CheckpointError(`${file}: ${p.name} has shape [${saved.shape.join(', ')}] there but [${p.variable.shape.join(', ')}] in this model`);
    }
  }
  // ...and the language model alone is what sampling and fine-tuning from such a run rebuild.
  const extra = [...weights.keys()].find((name) => parameters.get(name) === undefined && !name.startsWith(OBJECTIVE_WEIGHTS));
  if (extra !== undefined) throw new CheckpointError(`${file}: has ${extra}, which this model lacks: it was written for another model`);
  for (const p of parameters.all) {
    const saved = weights.get(p.name);
    if (saved === undefined) continue;
    // A copy: tfjs's CPU storage keeps the array it is given, and the native AdamW writes weights in
    // place, so two models loaded from one checkpoint (a policy and its DPO reference) must not share it.
    const tensor = tf.tensor(Float32Array.from(saved.data), saved.shape, 'float32');
    p.variable.assign(tensor);
    tensor.dispose(); // the variable then owns the buffer alone (the native AdamW updates it in place)
  }
}

/** Restores the optimizer's moments and step count and every generator's position. */
export function loadTrainingState(file: string, meta: CheckpointMeta, tensors: ReadonlyMap<string, NamedTensor>, state: TrainingState): void {
  if (meta.optimizer !== null && state.optimizer.loadState !== undefined) {
    const optimizerState: OptimizerState = { steps: meta.optimizer.steps, slots: {} };
    for (const [name, saved] of tensors) {
      if (!name.startsWith(OPTIMIZER_PREFIX)) continue;
      const rest = name.slice(OPTIMIZER_PREFIX.length);
      const dot = rest.indexOf('.');
      (optimizerState.slots[rest.slice(0, dot)] ??= {})[rest.slice(dot + 1)] = tf.tensor(saved.data, saved.shape, 'float32');
    }
    try {
      state.optimizer.loadState(optimizerState);
    } finally {
      tf.dispose(Object.values(optimizerState.slots).flatMap((slot) => Object.values(slot)));
    }
  }
  for (const [name, rng] of Object.entries(state.rngs)) {
    const position = meta.rngs[name];
    if (typeof position !== 'number') throw new CheckpointError(`${file}: has no position for the ${name} generator`);
    rng.moveTo(position);
  }
}
