// Shared by the tracking and store-command tests: throwaway folders, a store with a run or two in it, a command's failure.
import type { CommandIO } from '../../framework/cli/io.js';
import type { RunStore } from '../../framework/tracking/store.js';
import { collector } from '../helpers/streams.js';
import { workspace } from '../helpers/temp.js';

/** A fresh temporary folder, removed after the test. */
export const tempDir = (): string => workspace();

export function testIO(cwd: string, env: NodeJS.ProcessEnv = {}): CommandIO & { out: () => string; err: () => string } {
  const stdout = collector();
  const stderr = collector();
  return { stdout: stdout.stream, stderr: stderr.stream, env, cwd, out: stdout.text, err: stderr.text };
}

export const sampleConfig = {
  name: 'shakespeare-char',
  seed: 1337,
  backend: 'auto',
  model: { type: 'gpt', n_layer: 2, n_embd: 64 },
  train: { max_iters: 100, batch_size: 8, lr: 0.001 },
};

/** A completed run with losses at steps 0, 50, 100, a sample and a checkpoint; returns its id. */
export function recordCompletedRun(store: RunStore, name = 'shakespeare-char'): number {
  const id = store.createRun({ name, config: { ...sampleConfig, name }, configHash: 'abc123def456', seed: 1337, backend: 'auto' });
  store.setBackend(id, 'wasm');
  store.setInfo(id, { parameters: 812_345, dataset: 'tinyshakespeare' });
  store.logMetrics(id, 0, { 'train/eval_loss': 4.2, 'val/loss': 4.3 });
  store.logMetrics(id, 50, { 'train/loss': 2.5, 'train/lr': 1e-3 });
  store.logMetrics(id, 50, { 'train/eval_loss': 2.4, 'val/loss': 2.2 });
  store.logMetrics(id, 100, { 'train/loss': 2.0, 'train/lr': 5e-4 });
  store.logMetrics(id, 100, { 'train/eval_loss': 2.1, 'val/loss': 2.3 });
  store.logSample(id, 50, '\n', 'first words');
  store.logSample(id, 100, '\n', 'ROMEO:\nWhat light');
  store.addArtifact(id, 'checkpoint', `runs/${id}/checkpoint`, 100);
  store.finishRun(id, 'completed');
  return id;
}

/** The error a command's promise rejects with; fails the test when it resolves instead. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the command to fail');
}
