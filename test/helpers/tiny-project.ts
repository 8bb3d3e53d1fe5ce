// The smallest project that trains: a 1-layer, 16-wide GPT on a few hundred lines of made-up text,
// about a second a run on wasm, and a grid sweep of it. (No vitest here: the benchmarks use it too.)

/** A few hundred lines of short words: enough text for a tiny model's windows. */
export function tinyCorpus(lines = 200): string {
  const words = ['to', 'be', 'or', 'not', 'that', 'is', 'the', 'question', 'whether', 'tis', 'nobler'];
  let state = 7;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) % words.length;
  return Array.from({ length: lines }, () => Array.from({ length: 6 }, () => words[next()]).join(' ')).join('\n');
}

export const TINY_CONFIG = `name: tiny-e2e
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

/** A grid sweep of TINY_CONFIG (as tiny.yaml) over optimizer.lr, e.g. rates '1.0e-2, 3.0e-3'. */
export const gridSweep = (rates: string, parallel = 2) => `name: tiny-lr
base: tiny.yaml
metric: val/loss
method: grid
parallel: ${parallel}
parameters:
  optimizer.lr: [${rates}]
`;
