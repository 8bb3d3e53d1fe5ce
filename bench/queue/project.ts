// A tiny project, written into as many folders as there are "machines": each machine runs from its
// own checkout of the same files, as on real hosts. Trials take about a second on wasm, so that
// what the queue adds per trial is a visible part of the whole.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SWEEP_FILE = 'sweep.yaml';
export const TRIALS = 16;
export const PARALLEL = 2;

const RATES = Array.from({ length: TRIALS }, (_, i) => (1 + i * 0.5) * 1e-3);

const CONFIG = `name: queue-bench
seed: 3
backend: wasm
dataset: { type: text-file, path: corpus.txt }
tokenizer: { type: char }
model:
  type: gpt
  n_layer: 1
  n_embd: 16
  block_size: 16
  attention: { type: causal-self-attention, n_head: 2 }
optimizer: { type: adamw, lr: 1.0e-2 }
train: { batch_size: 4, max_iters: 20, eval_interval: 10, eval_iters: 2, log_interval: 5 }
sample: { tokens: 30 }
`;

const SWEEP = `name: queue-bench-lr
base: tiny.yaml
metric: val/loss
method: grid
parallel: ${PARALLEL}
parameters:
  optimizer.lr: [${RATES.map((lr) => lr.toExponential(1)).join(', ')}]
`;

/** A few thousand characters of made-up verse: the same on every machine, no download. */
function corpus(lines = 200): string {
  const words = ['the', 'king', 'shall', 'speak', 'of', 'night', 'and', 'morrow', 'my', 'lord', 'hence'];
  let state = 11;
  const pick = () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return words[state % words.length]!;
  };
  return Array.from({ length: lines }, () => Array.from({ length: 6 }, pick).join(' ')).join('\n');
}

/** Writes the project into `dir` (created), with a cache folder of its own. */
export function writeCheckout(dir: string): string {
  mkdirSync(join(dir, 'cache'), { recursive: true });
  writeFileSync(join(dir, 'tiny.yaml'), CONFIG);
  writeFileSync(join(dir, SWEEP_FILE), SWEEP);
  writeFileSync(join(dir, 'corpus.txt'), corpus());
  return dir;
}
