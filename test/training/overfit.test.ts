// The smallest end-to-end learning check: a tiny GPT memorises a short text.
import { describe, expect, it } from 'vitest';
import { tf } from '../../framework/engine/tf.js';
import { BatchSampler } from '../../framework/training/batches.js';
import { Trainer } from '../../framework/training/trainer.js';
import type { StepFinished } from '../../framework/training/events.js';
import { buildTiny, tinyConfig } from '../helpers/tiny-gpt.js';

const TEXT = 'To be, or not to be, that is the question.\n';

async function train(seed: number, maxIters: number) {
  const config = tinyConfig({
    seed,
    train: { batch_size: 8, max_iters: maxIters, eval_interval: 0, eval_iters: 1, grad_clip: 1, log_interval: 1 },
  }, { n_layer: 2, n_embd: 32, block_size: 16 });
  const { parts, model } = await buildTiny(config, new Set(TEXT).size);
  parts.tokenizer.fit(TEXT);
  const tokens = parts.tokenizer.encode(TEXT);
  const sampler = () => new BatchSampler(tokens, model.blockSize, 8, parts.rngs.data.fork(), 'training');
  const steps: StepFinished[] = [];
  const tensorsAfterStep: number[] = [];
  const trainer = new Trainer({
    model, parameters: parts.parameters, optimizer: parts.optimizer, schedule: parts.schedule, tokenizer: parts.tokenizer,
    batches: { train: sampler(), evalTrain: sampler(), evalVal: sampler() },
    samplingRng: parts.rngs.sampling, train: config.train, sample: config.sample,
    log: { metrics: () => {}, sample: () => {}, heartbeat: () => {} },
    reporter: {
      report: (event) => {
        if (event.kind !== 'step') return;
        steps.push(event);
        tensorsAfterStep.push(tf.memory().numTensors);
      },
      close: async () => {},
    },
  });
  const outcome = await trainer.run();
  parts.optimizer.dispose();
  parts.parameters.dispose();
  return { outcome, losses: steps.map((s) => s.loss), tensorsAfterStep };
}

describe('training', () => {
  it('drives a tiny GPT below 0.1 loss on a short text it sees over and over', async () => {
    const { outcome, losses } = await train(1, 300);
    expect(outcome.status).toBe('completed');
    expect(losses[0]).toBeGreaterThan(2);
    expect(Math.min(...losses.slice(-10))).toBeLessThan(0.1);
  });

  it('gives the same losses for the same seed, and different ones for another seed', async () => {
    const first = await train(3, 15);
    const again = await train(3, 15);
    const other = await train(4, 15);
    expect(again.losses).toEqual(first.losses);
    expect(other.losses).not.toEqual(first.losses);
  });

  it('keeps the number of live tensors flat from step to step', async () => {
    const { tensorsAfterStep } = await train(5, 20);
    expect(new Set(tensorsAfterStep.slice(2)).size).toBe(1);
  });
});
