// Running the built `folio` command as a user would, in a throwaway folder.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedEnv } from './isolated-env.js';

export { workspace } from './temp.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FOLIO_BIN = join(REPO_ROOT, 'bin/folio.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to the environment, which never carries the user's FOLIO_STORE or FOLIO_CACHE. */
  env?: NodeJS.ProcessEnv;
  /** Called with each chunk of stdout, and the child, e.g. to send it a signal. */
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
}

export function folio(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [FOLIO_BIN, ...args], {
      cwd: options.cwd,
      // The store defaults to runs/folio.db under cwd; the cache goes beside it. Never the user's.
      env: isolatedEnv({ FOLIO_CACHE: join(options.cwd, 'cache'), ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

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
