// Checkpoints: the weights as one float32 file plus a JSON index, and the tokenizer's state.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParameterStore } from '../engine/parameters.js';
import type { Tokenizer } from '../registry/contracts.js';
import { tf } from '../engine/tf.js';

interface CheckpointIndex {
  format: 'folio-checkpoint-1';
  step: number;
  tokenizer: unknown;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

/** Writes `<dir>/checkpoint.json` and `<dir>/weights.bin`; returns the index's path. */
export async function saveCheckpoint(dir: string, parameters: ParameterStore, tokenizer: Tokenizer, step: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const tensors: CheckpointIndex['tensors'] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const p of parameters.all) {
    const values = (await p.variable.data()) as Float32Array;
    tensors.push({ name: p.name, shape: p.variable.shape, offset, length: values.length });
    chunks.push(values);
    offset += values.length;
  }
  const weights = new Float32Array(offset);
  chunks.reduce((at, chunk) => (weights.set(chunk, at), at + chunk.length), 0);
  const index: CheckpointIndex = { format: 'folio-checkpoint-1', step, tokenizer: tokenizer.state(), tensors };
  writeAtomically(join(dir, 'weights.bin'), new Uint8Array(weights.buffer));
  const indexPath = join(dir, 'checkpoint.json');
  writeAtomically(indexPath, JSON.stringify(index, null, 1));
  return indexPath;
}

/** Loads weights saved by saveCheckpoint into an identically built model, and the tokenizer. */
export function loadCheckpoint(dir: string, parameters: ParameterStore, tokenizer: Tokenizer): number {
  const index = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as CheckpointIndex;
  if (index.format !== 'folio-checkpoint-1') throw new Error(`${dir}: unknown checkpoint format ${String(index.format)}`);
  const bytes = readFileSync(join(dir, 'weights.bin'));
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  tokenizer.restore(index.tokenizer);
  for (const entry of index.tensors) {
    const param = parameters.get(entry.name);
    if (param === undefined) throw new Error(`${dir}: checkpoint has ${entry.name}, which this model lacks`);
    if (entry.shape.join() !== param.variable.shape.join()) {
      throw new Error(`${dir}: ${entry.name} has shape [${entry.shape}] in the checkpoint, [${param.variable.shape}] in the model`);
    }
    const saved = tf.tensor(weights.subarray(entry.offset, entry.offset + entry.length), entry.shape);
    param.variable.assign(saved);
    saved.dispose();
  }
  return index.step;
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  const partial = `${path}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}
