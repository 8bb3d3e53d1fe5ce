// The training loop, nanoGPT-style: batch, forward, backward, clip, step, log, evaluate, sample.
import type { SampleSettings, TrainSettings } from '../config/types.js';
import type { ParameterStore } from '../engine/parameters.js';
import type { Rng } from '../engine/rng.js';
import { tf } from '../engine/tf.js';
import type { LanguageModel, Optimizer, Schedule, Tokenizer } from '../registry/contracts.js';
import type { BatchSampler } from './batches.js';
import { clipByGlobalNorm, globalNorm } from './clip.js';
import { estimateLoss } from './evaluate.js';
import type { ProgressReporter, RunStatus } from './events.js';
import { generate } from './generate.js';
import { batchLoss } from './loss.js';

/** Where a run's numbers and samples go (the SQLite store, bound to one run). */
export interface RunLog {
  metrics(step: number, values: Record<string, number>): void;
  sample(step: number, prompt: string, text: string): void;
  heartbeat(): void;
}

export interface TrainerParts {
  model: LanguageModel;
  parameters: ParameterStore;
  optimizer: Optimizer;
  schedule: Schedule;
  tokenizer: Tokenizer;
  batches: { train: BatchSampler; evalTrain: BatchSampler; evalVal: BatchSampler };
  samplingRng: Rng;
  train: TrainSettings;
  sample: SampleSettings;
  log: RunLog;
  reporter: ProgressReporter;
  /** Aborting stops the run after the current step, as `interrupted`. */
  signal?: AbortSignal;
}

export interface TrainingOutcome {
  status: Exclude<RunStatus, 'running' | 'failed'>;
  /** Optimizer steps completed. */
  step: number;
  lastValLoss?: number;
  error?: string;
}

interface StepResult {
  loss: number;
  gradNorm: number;
}

const HEARTBEAT_MS = 5_000;

export class Trainer {
  private lastHeartbeat = 0;

  constructor(private readonly parts: TrainerParts) {}

  async run(): Promise<TrainingOutcome> {
    const { train, reporter, signal } = this.parts;
    const tokensPerStep = train.batch_size * this.parts.model.blockSize;
    let lastValLoss = this.evaluate(0);
    let window = { loss: 0, ms: 0, steps: 0 };
    for (let step = 1; step <= train.max_iters; step++) {
      // Yield so that Ctrl-C and the live view get their turn between synchronous steps.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return { status: 'interrupted', step: step - 1, lastValLoss };
      const lr = this.parts.schedule.lrAt(step - 1);
      const started = performance.now();
      const { loss, gradNorm } = this.trainStep(lr);
      const stepMs = performance.now() - started;
      if (!Number.isFinite(loss)) {
        this.parts.log.metrics(step, { 'train/loss': loss, 'train/lr': lr });
        return { status: 'diverged', step, lastValLoss, error: `loss became ${loss} at step ${step}` };
      }
      window = { loss: window.loss + loss, ms: window.ms + stepMs, steps: window.steps + 1 };
      if (step % train.log_interval === 0 || step === train.max_iters) {
        const meanMs = window.ms / window.steps;
        const values = {
          loss: window.loss / window.steps,
          lr,
          gradNorm,
          stepMs: meanMs,
          tokensPerSecond: (tokensPerStep * 1000) / meanMs,
        };
        this.record(step, values);
        reporter.report({ kind: 'step', step, ...values });
        window = { loss: 0, ms: 0, steps: 0 };
      }
      const evalDue = (train.eval_interval > 0 && step % train.eval_interval === 0) || step === train.max_iters;
      if (evalDue) lastValLoss = this.evaluate(step);
      else if (this.parts.sample.every > 0 && step % this.parts.sample.every === 0) this.sampleText(step);
      this.beat();
    }
    return { status: 'completed', step: train.max_iters, lastValLoss };
  }

  /** One optimizer step on a fresh batch; returns its loss and pre-clip gradient norm. */
  private trainStep(lr: number): StepResult {
    const { model, parameters, optimizer, batches, train } = this.parts;
    const params = parameters.all;
    const [lossValue, normValue] = tf.tidy(() => {
      const batch = batches.train.next();
      const { value, grads } = tf.variableGrads(() => batchLoss(model, batch, true), params.map((p) => p.variable));
      const byParam: Record<string, tf.Tensor> = {};
      for (const p of params) {
        const grad = grads[p.variable.name];
        if (grad !== undefined) byParam[p.name] = grad;
      }
      const norm = globalNorm(Object.values(byParam));
      optimizer.step(params, clipByGlobalNorm(byParam, norm, train.grad_clip), lr);
      return [value, norm];
    });
    const loss = lossValue.dataSync()[0]!;
    const gradNorm = normValue.dataSync()[0]!;
    tf.dispose([lossValue, normValue]);
    return { loss, gradNorm };
  }

  private evaluate(step: number): number {
    const { model, batches, train, reporter, log } = this.parts;
    const trainLoss = estimateLoss(model, batches.evalTrain, train.eval_iters);
    const valLoss = estimateLoss(model, batches.evalVal, train.eval_iters);
    log.metrics(step, { 'train/eval_loss': trainLoss, 'val/loss': valLoss });
    reporter.report({ kind: 'eval', step, trainLoss, valLoss });
    this.sampleText(step);
    log.heartbeat(); // evaluation and sampling are long, synchronous stretches
    return valLoss;
  }

  /** Generates sample.tokens tokens from sample.prompt, records and reports them. */
  sampleText(step: number, tokens = this.parts.sample.tokens): string {
    const { model, tokenizer, sample, samplingRng, log, reporter } = this.parts;
    if (tokens === 0) return '';
    const prompt = Array.from(tokenizer.encode(sample.prompt));
    const ids = generate(model, prompt.length > 0 ? prompt : [0], { tokens, temperature: sample.temperature, topK: sample.top_k }, samplingRng);
    const text = tokenizer.decode(ids);
    log.sample(step, sample.prompt, text);
    reporter.report({ kind: 'sample', step, prompt: sample.prompt, text });
    return text;
  }

  private record(step: number, values: { loss: number; lr: number; gradNorm: number; stepMs: number; tokensPerSecond: number }): void {
    this.parts.log.metrics(step, {
      'train/loss': values.loss,
      'train/lr': values.lr,
      'train/grad_norm': values.gradNorm,
      'perf/step_ms': values.stepMs,
      'perf/tokens_per_s': values.tokensPerSecond,
    });
  }

  private beat(): void {
    const now = Date.now();
    if (now - this.lastHeartbeat < HEARTBEAT_MS) return;
    this.lastHeartbeat = now;
    this.parts.log.heartbeat();
  }
}
