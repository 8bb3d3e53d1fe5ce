// Checkpoint files: the safetensors container, what is kept, a failed write, and the earlier format.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../framework/training/checkpoint/errors.js';
import { BEST_FILE, CheckpointKeeper, stepFileName, type CheckpointPoint } from '../../framework/training/checkpoint/keeper.js';
import { readCheckpoint } from '../../framework/training/checkpoint/read.js';
import { decodeSafetensors, encodeSafetensors } from '../../framework/training/checkpoint/safetensors.js';
import type { TrainingState } from '../../framework/training/checkpoint/training-state.js';
import { workspace } from '../helpers/temp.js';
import { buildTiny, tinyConfig, type TinyModel } from '../helpers/tiny-gpt.js';

const point = (step: number, valLoss: number | null = null): CheckpointPoint => ({
  step, window: { loss: 0, ms: 0, steps: 0 }, elapsedMs: 0, valLoss, evaluated: valLoss !== null, final: false,
});

describe('safetensors', () => {
  it('round-trips tensors and metadata, with the data 8-byte aligned as the format recommends', () => {
    const tensors = new Map([
      ['a', { dtype: 'F32' as const, shape: [2, 3], data: Float32Array.from([1, -2, 3.5, NaN, Infinity, 0]) }],
      ['ids', { dtype: 'I32' as const, shape: [1], data: Int32Array.from([7]) }],
    ]);
    const bytes = encodeSafetensors({ tensors, metadata: { note: 'hi' } });
    expect(Number(bytes.readBigUInt64LE(0)) % 8).toBe(0);
    const decoded = decodeSafetensors(bytes);
    expect(decoded.metadata).toEqual({ note: 'hi' });
    expect(decoded.tensors).toEqual(tensors);
  });
});

describe('CheckpointKeeper', () => {
  const config = tinyConfig();
  let tiny: TinyModel;
  let state: TrainingState;
  let recorded: Map<string, number>;
  let dir: string;
  const keeper = (settings = { every: 5, keep: 2, best: true }) =>
    new CheckpointKeeper({
      dir, settings, state, run: { runId: 1, config, configHash: 'h' },
      artifacts: { add: (_kind, path, step) => recorded.set(path, step), remove: (path) => recorded.delete(path) },
    });

  beforeEach(async () => {
    tiny = await buildTiny(config, 12);
    tiny.parts.tokenizer.fit('abcdefghijkl');
    state = { parameters: tiny.parts.parameters, optimizer: tiny.parts.optimizer, tokenizer: tiny.parts.tokenizer, rngs: { model: tiny.parts.rngs.model } };
    recorded = new Map();
    dir = join(workspace(), 'runs/1');
  });
  afterEach(() => tiny.parts.parameters.dispose());

  it('keeps the newest `keep` and the best by val loss, recording each file it keeps and forgetting each it removes', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `.${stepFileName(3)}.12345.partial`), 'the half-written file of a process killed mid-write');
    const checkpoints = keeper();
    await checkpoints.save(point(5, 2.0)); // evaluated and best
    for (const step of [10, 15, 20]) await checkpoints.save(point(step, step === 15 ? 2.5 : null));
    await checkpoints.flush();
    expect(readdirSync(dir).sort()).toEqual([BEST_FILE, stepFileName(15), stepFileName(20)]);
    expect(readCheckpoint(join(dir, BEST_FILE)).step).toBe(5);
    expect([...recorded.values()].sort((a, b) => a - b)).toEqual([5, 15, 20]);
  });

  it('ends with a clear error when a write fails, leaving the previous checkpoint intact', async () => {
    const checkpoints = keeper();
    await checkpoints.save(point(5));
    await checkpoints.flush();
    // Where the next file is written first: a folder there makes the write fail, as a full disk would.
    mkdirSync(join(dir, `.${stepFileName(10)}.${process.pid}.partial`));
    await checkpoints.save(point(10));
    const failure = await checkpoints.flush().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CheckpointError);
    expect((failure as Error).message).toMatch(new RegExp(`^cannot write checkpoint ${join(dir, stepFileName(10))}: EISDIR.*; the previous checkpoint is intact$`));
    expect(() => checkpoints.throwIfFailed()).toThrow(CheckpointError);
    expect(readCheckpoint(join(dir, stepFileName(5))).step).toBe(5);
    expect(existsSync(join(dir, stepFileName(10)))).toBe(false);
    expect([...recorded.values()]).toEqual([5]);
  });

  it("refuses a folder it cannot create, naming it", () => {
    const root = workspace({ blocker: 'a file where the runs folder would go' });
    dir = join(root, 'blocker', '1');
    expect(() => keeper()).toThrow(/^cannot create the checkpoint folder .*blocker\/1: ENOTDIR/);
  });
});

describe('checkpoints of earlier Folios', () => {
  it('still load (weights, step and tokenizer) from checkpoint.json and weights.bin', () => {
    const dir = workspace({
      'checkpoint.json': JSON.stringify({
        format: 'folio-checkpoint-1', step: 40, tokenizer: { chars: ['a', 'b'] },
        tensors: [{ name: 'wte', shape: [2, 2], offset: 0, length: 4 }, { name: 'ln_f.weight', shape: [2], offset: 4, length: 2 }],
      }),
    });
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(Float32Array.from([1, 2, 3, 4, 5, 6]).buffer));
    const loaded = readCheckpoint(join(dir, 'checkpoint.json'));
    expect(loaded).toMatchObject({ meta: null, step: 40, tokenizer: { chars: ['a', 'b'] } });
    expect([...loaded.weights.get('ln_f.weight')!.data]).toEqual([5, 6]);
    writeFileSync(join(dir, 'weights.bin'), readFileSync(join(dir, 'weights.bin')).subarray(0, 12));
    expect(() => readCheckpoint(join(dir, 'checkpoint.json'))).toThrow(/weights\.bin: truncated \(wte lies past its end\)/);
  });
});
