// Whether a config can train in this machine's memory, estimated from its sizes before anything is
// built or recorded: a block_size of 1e9 is refused at its line, not in `new Gpt` as a RangeError.
import { totalmem } from 'node:os';
import type { ConfigIssue } from './errors.js';
import { isRecord, type Origins } from './origins.js';
import { locate } from './validate.js';

const FLOAT_BYTES = 4;
/** Where a tokenizer cannot say its vocabulary before it sees the text (char): a typical one. */
const ASSUMED_VOCABULARY = 256;

export interface TrainingShape {
  layers: number;
  width: number;
  heads: number;
  blockSize: number;
  batchSize: number;
  vocabSize: number;
}

export interface MemoryEstimate {
  parameters: number;
  /** Bytes: the weights, their gradients, AdamW's two moments. */
  weightsBytes: number;
  gradientsBytes: number;
  optimizerBytes: number;
  /** Bytes the forward pass keeps for the backward one (per-layer tensors, attention maps, logits). */
  activationsBytes: number;
  totalBytes: number;
}

/**
 * A low estimate (what must exist at once; the real peak is higher): a GPT's parameters
 * (embeddings, 12·C² per layer, an untied head), and per layer about 16 (B, T, C) tensors and 2
 * (B, nh, T, T) attention maps kept for the backward pass, plus the logits and their gradient.
 */
export function estimateTrainingMemory(shape: TrainingShape): MemoryEstimate {
  const { layers: L, width: C, heads, blockSize: T, batchSize: B, vocabSize: V } = shape;
  const parameters = 2 * V * C + T * C + L * (12 * C * C + 13 * C) + 2 * C + V;
  const weightsBytes = FLOAT_BYTES * parameters;
  const activations = L * (16 * B * T * C + 2 * B * heads * T * T) + 2 * B * T * V;
  const activationsBytes = FLOAT_BYTES * activations;
  const totalBytes = weightsBytes * 4 + activationsBytes;
  return { parameters, weightsBytes, gradientsBytes: weightsBytes, optimizerBytes: 2 * weightsBytes, activationsBytes, totalBytes };
}

/** The memory this process may use: the machine's, or its container's limit where lower. */
export function machineMemoryBytes(): number {
  const total = totalmem();
  // A cgroup's limit (a container, a CI job); Node 20 has it, typed only in newer @types/node.
  const limit = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() ?? 0;
  return limit > 0 && limit < total ? limit : total;
}

/** The sizes that decide the memory, with the pointer of the key each comes from. */
const SIZE_KEYS = [
  ['/train/batch_size', 'batchSize'],
  ['/model/block_size', 'blockSize'],
  ['/model/n_embd', 'width'],
  ['/model/n_layer', 'layers'],
] as const;

/**
 * An issue at the key most to blame when training `config` cannot fit in `availableBytes`; none
 * when it fits or the config has no GPT-like sizes. `vocabSize` is the tokenizer's when it knows it.
 */
export function checkTrainingMemory(
  config: Record<string, unknown>,
  origins: Origins,
  file: string,
  options: { availableBytes: number; vocabSize?: number },
): ConfigIssue[] {
  const shape = shapeOf(config, options.vocabSize);
  if (shape === undefined) return [];
  const estimate = estimateTrainingMemory(shape);
  if (estimate.totalBytes <= options.availableBytes) return [];
  // The key whose reduction to 1 frees the most is the one out of proportion.
  const [blamed] = SIZE_KEYS.map(([pointer, field]) => ({ pointer, left: estimateTrainingMemory({ ...shape, [field]: 1 }).totalBytes })).sort((a, b) => a.left - b.left);
  const message =
    `training this config needs ~${gigabytes(estimate.totalBytes)}, this machine has ${gigabytes(options.availableBytes)} ` +
    `(weights, gradients and AdamW state ${gigabytes(estimate.weightsBytes + estimate.gradientsBytes + estimate.optimizerBytes)}, ` +
    `activations ${gigabytes(estimate.activationsBytes)}); make it smaller`;
  return [locate(blamed!.pointer, 'key', message, origins, config, file)];
}

function shapeOf(config: Record<string, unknown>, vocabSize: number | undefined): TrainingShape | undefined {
  const model = isRecord(config.model) ? config.model : undefined;
  const train = isRecord(config.train) ? config.train : undefined;
  const blockSize = model?.block_size;
  const batchSize = train?.batch_size;
  if (typeof blockSize !== 'number' || typeof batchSize !== 'number') return undefined;
  const attention = isRecord(model?.attention) ? model.attention : undefined;
  const vocab = vocabSize ?? ASSUMED_VOCABULARY;
  const number = (value: unknown, otherwise: number) => (typeof value === 'number' && Number.isFinite(value) ? value : otherwise);
  return {
    layers: number(model?.n_layer, 0),
    // A model without a width (the bigram) holds a V x V table: as wide as the vocabulary.
    width: number(model?.n_embd, vocab),
    heads: number(attention?.n_head, 1),
    blockSize,
    batchSize,
    vocabSize: vocab,
  };
}

function gigabytes(bytes: number): string {
  const gb = bytes / 1e9;
  if (gb >= 1e6) return `${gb.toExponential(1)} GB`;
  if (gb >= 10) return `${Math.round(gb).toLocaleString('en-US')} GB`;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
