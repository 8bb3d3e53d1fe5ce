// The checkpoint suite: how long the training loop waits for a checkpoint of a config's model with
// its AdamW moments (the copy out of the tensors), and how long the whole atomic write takes.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRegistry } from '../components/index.js';
import { loadConfig } from '../framework/config/load.js';
import { buildRunContainer } from '../framework/container/build.js';
import { resolveRunComponents } from '../framework/container/run-parts.js';
import { tf } from '../framework/engine/tf.js';
import { CheckpointKeeper, stepFileName } from '../framework/training/checkpoint/keeper.js';

export interface CheckpointFigures {
  backend: string;
  parameters: number;
  bytes: number;
  /** Per round: how long save() kept the loop waiting, and until the file was durable (fsync'd and renamed). */
  stallMs: number[];
  writeMs: number[];
  /** The disk's floor: the same number of bytes written and fsync'd by plain fs calls, per round. */
  diskMs: number[];
}

export async function measureCheckpoint(file: string, backend: string, cacheDir: string, rounds: number): Promise<CheckpointFigures> {
  const { config, hash, dir } = await loadConfig(file, { registry: builtinRegistry(), overrides: [`backend=${backend}`] });
  const parts = resolveRunComponents(buildRunContainer(config, builtinRegistry(), { configDir: dir, cacheDir }));
  const scratch = mkdtempSync(join(tmpdir(), 'folio-bench-checkpoint-'));
  try {
    const active = await parts.backend.activate();
    parts.tokenizer.fit((await parts.dataset.load()).text);
    parts.createModel(parts.tokenizer.vocabSize);
    // One update with zero gradients: the optimizer then holds its moments for every parameter, as in training.
    const params = parts.parameters.all;
    const grads = Object.fromEntries(params.map((p) => [p.name, tf.zerosLike(p.variable)]));
    parts.optimizer.step(params, grads, 1e-4);
    tf.dispose(Object.values(grads));

    const keeper = new CheckpointKeeper({
      dir: scratch,
      settings: { every: 1, keep: 1, best: false },
      state: { parameters: parts.parameters, optimizer: parts.optimizer, tokenizer: parts.tokenizer, rngs: { ...parts.rngs } },
      run: { runId: 1, config, configHash: hash },
      artifacts: { add: () => {}, remove: () => {} },
    });
    const stallMs: number[] = [];
    const writeMs: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const started = performance.now();
      await keeper.save({ step: round, window: { loss: 0, ms: 0, steps: 0 }, elapsedMs: 0, valLoss: null, evaluated: false, final: false });
      stallMs.push(performance.now() - started);
      await keeper.flush();
      writeMs.push(performance.now() - started);
    }
    const bytes = statSync(join(scratch, stepFileName(rounds))).size;
    const diskMs = await diskFloor(join(scratch, 'floor'), bytes, rounds);
    return { backend: active.name, parameters: parts.parameters.count(), bytes, stallMs, writeMs, diskMs };
  } finally {
    parts.optimizer.dispose();
    parts.parameters.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function diskFloor(path: string, bytes: number, rounds: number): Promise<number[]> {
  const data = Buffer.alloc(bytes, 1);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const file = await open(path, 'w');
    await file.write(data, 0, data.length);
    await file.sync();
    await file.close();
    times.push(performance.now() - started);
  }
  return times;
}
