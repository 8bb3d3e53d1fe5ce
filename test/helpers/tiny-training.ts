// Trains a tiny GPT on a short text through the real Trainer, collecting what tests assert on.
import { tf } from '../../framework/engine/tf.js';
import type { RunConfig, TrainSettings } from '../../framework/config/types.js';
import { BatchSampler } from '../../framework/training/batches.js';
import type { StepFinished } from '../../framework/training/events.js';
import { Trainer, type TrainingOutcome } from '../../framework/training/trainer.js';
import { buildTiny, tinyConfig } from './tiny-gpt.js';

export const SHORT_TEXT = 'To be, or not to be, that is the question.\n';

export interface TinyTraining {
  seed: number;
  maxIters: number;
  backend?: string;
  train?: Partial<TrainSettings>;
  model?: Record<string, unknown>;
  schedule?: RunConfig['schedule'];
  /** The trainer's clock for train.max_minutes (milliseconds). */
  clock?: () => number;
  /** Called at each logged step, after its report. */
  onStep?: (step: StepFinished) => void;
}

export interface TinyTrainingResult {
  outcome: TrainingOutcome;
  steps: StepFinished[];
  losses: number[];
  tensorsAfterStep: number[];
}

export async function trainTiny(options: TinyTraining): Promise<TinyTrainingResult> {
  const train: TrainSettings = { batch_size: 8, max_iters: options.maxIters, eval_interval: 0, eval_iters: 1, grad_clip: 1, log_interval: 1, ...options.train };
  const config = tinyConfig({
    seed: options.seed,
    train,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
  }, { n_layer: 2, n_embd: 32, block_size: 16, ...options.model });
  const { parts, model } = await buildTiny(config, new Set(SHORT_TEXT).size);
  parts.tokenizer.fit(SHORT_TEXT);
  const tokens = parts.tokenizer.encode(SHORT_TEXT);
  const sampler = () => new BatchSampler(tokens, model.blockSize, train.batch_size, parts.rngs.data.fork(), 'training');
  const steps: StepFinished[] = [];
  const tensorsAfterStep: number[] = [];
  const trainer = new Trainer({
    model, parameters: parts.parameters, optimizer: parts.optimizer, schedule: parts.schedule, tokenizer: parts.tokenizer,
    batches: { train: sampler(), evalTrain: sampler(), evalVal: sampler() },
    samplingRng: parts.rngs.sampling, train: config.train, sample: config.sample,
    ...(options.clock ? { clock: options.clock } : {}),
    log: { metrics: () => {}, sample: () => {}, heartbeat: () => {} },
    reporter: {
      report: (event) => {
        if (event.kind !== 'step') return;
        steps.push(event);
        tensorsAfterStep.push(tf.memory().numTensors);
        options.onStep?.(event);
      },
      close: async () => {},
    },
  });
  try {
    const outcome = await trainer.run();
    return { outcome, steps, losses: steps.map((s) => s.loss), tensorsAfterStep };
  } finally {
    parts.optimizer.dispose();
    parts.parameters.dispose();
  }
}
