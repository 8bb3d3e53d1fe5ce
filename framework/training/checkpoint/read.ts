// Opening a checkpoint file: the current format, or the weights-only one earlier Folios wrote.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CheckpointError } from './errors.js';
import { decodeSafetensors, SafetensorsFormatError, type NamedTensor, type SafetensorsContent } from './safetensors.js';
import { decodeMeta, modelTensors, type CheckpointMeta } from './training-state.js';

export interface LoadedCheckpoint {
  file: string;
  /** Null for a checkpoint of an earlier Folio, which held only the weights, step and tokenizer. */
  meta: CheckpointMeta | null;
  step: number;
  tokenizer: unknown;
  /** The model's weights by parameter name. */
  weights: Map<string, NamedTensor>;
  /** Every tensor of the file (weights and optimizer state under their prefixes). */
  tensors: Map<string, NamedTensor>;
}

/** Reads and checks a checkpoint; anything wrong with it is a CheckpointError naming the file. */
export function readCheckpoint(file: string): LoadedCheckpoint {
  if (basename(file) === 'checkpoint.json') return readLegacyCheckpoint(file);
  const content = readSafetensorsFile(file);
  const meta = decodeMeta(file, content.metadata);
  return { file, meta, step: meta.step, tokenizer: meta.tokenizer, weights: modelTensors(content.tensors), tensors: content.tensors };
}

/** A safetensors file, its problems reported against its name. */
export function readSafetensorsFile(file: string): SafetensorsContent {
  try {
    return decodeSafetensors(readBytes(file));
  } catch (error) {
    if (error instanceof SafetensorsFormatError) throw new CheckpointError(`${file}: not a usable safetensors file: ${error.message}`);
    throw error;
  }
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CheckpointError(`cannot read checkpoint ${file}: ${why}`);
  }
}

interface LegacyIndex {
  format: 'folio-checkpoint-1';
  step: number;
  tokenizer: unknown;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

/** `checkpoint.json` + `weights.bin` (folio-checkpoint-1): loadable for sampling, export and fine-tuning, not for resuming. */
function readLegacyCheckpoint(file: string): LoadedCheckpoint {
  let index: LegacyIndex;
  try {
    index = JSON.parse(readBytes(file).toString('utf8')) as LegacyIndex;
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`${file}: not JSON: corrupt checkpoint index`);
  }
  if (index.format !== 'folio-checkpoint-1' || !Array.isArray(index.tensors)) throw new CheckpointError(`${file}: unknown checkpoint format ${JSON.stringify(index.format)}`);
  const weightsFile = join(dirname(file), 'weights.bin');
  const bytes = readBytes(weightsFile);
  const weights = new Map<string, NamedTensor>();
  for (const entry of index.tensors) {
    if ((entry.offset + entry.length) * 4 > bytes.length) throw new CheckpointError(`${weightsFile}: truncated (${entry.name} lies past its end)`);
    const values = new Float32Array(entry.length);
    new Uint8Array(values.buffer).set(bytes.subarray(entry.offset * 4, (entry.offset + entry.length) * 4));
    weights.set(entry.name, { dtype: 'F32', shape: entry.shape, data: values });
  }
  return { file, meta: null, step: index.step, tokenizer: index.tokenizer, weights, tensors: weights };
}
