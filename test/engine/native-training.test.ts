// The native engine trains the same model to the same losses as wasm, step for step.
import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../../framework/engine/native/backend.js';
import { BatchSampler } from '../../framework/training/batches.js';
import { Trainer } from '../../framework/training/trainer.js';
import { buildTiny, tinyConfig } from '../helpers/tiny-gpt.js';

const TEXT = 'Now is the winter of our discontent\nMade glorious summer by this sun of York;\n'.repeat(4);

async function losses(backend: string): Promise<number[]> {
  const config = tinyConfig(
    { backend, seed: 11, train: { batch_size: 4, max_iters: 40, eval_interval: 0, eval_iters: 1, grad_clip: 1, log_interval: 1 } },
    { n_layer: 2, n_embd: 32, block_size: 16, init: 'torch' },
  );
  const { parts, model } = await buildTiny(config, new Set(TEXT).size);
  parts.tokenizer.fit(TEXT);
  const tokens = parts.tokenizer.encode(TEXT);
  const sampler = () => new BatchSampler(tokens, model.blockSize, 4, parts.rngs.data.fork(), 'training');
  const curve: number[] = [];
  await new Trainer({
    model, parameters: parts.parameters, optimizer: parts.optimizer, schedule: parts.schedule, tokenizer: parts.tokenizer,
    batches: { train: sampler(), evalTrain: sampler(), evalVal: sampler() },
    samplingRng: parts.rngs.sampling, train: config.train, sample: config.sample,
    log: { metrics: () => {}, sample: () => {}, heartbeat: () => {} },
    reporter: { report: (e) => (e.kind === 'step' ? void curve.push(e.loss) : undefined), close: async () => {} },
  }).run();
  parts.optimizer.dispose();
  parts.parameters.dispose();
  return curve;
}

describe.skipIf(!registerNativeBackend().ok)('native training', () => {
  it('follows the wasm loss curve within 1e-3 for 40 steps from the same seed', async () => {
    const wasm = await losses('wasm');
    const native = await losses('native');
    expect(native).toHaveLength(40);
    expect(wasm[39]!).toBeLessThan(wasm[0]! - 0.5); // it learned something
    native.forEach((loss, step) => expect(Math.abs(loss - wasm[step]!), `step ${step + 1}`).toBeLessThan(1e-3));
  });
});
