// The training loop, nanoGPT-style: batch, forward, backward, clip, step, log, evaluate, sample.
import type { SampleSettings, TrainSettings } from '../config/types.js';
import type { ParameterStore } from '../engine/parameters.js';
import type { Rng } from '../engine/rng.js';
import { tf } from '../engine/tf.js';
import type { Objective } from '../registry/alignment.js';
import type { LanguageModel, Optimizer, Schedule, Tokenizer } from '../registry/contracts.js';
import type { BatchSampler } from './batches.js';
import { TrainingBudget } from './budget.js';
import type { CheckpointPoint } from './checkpoint/keeper.js';
import type { LoopWindow } from './checkpoint/training-state.js';
import { estimateLoss } from './evaluate.js';
import type { ProgressReporter, RunStatus } from './events.js';
import { generate } from './generate.js';
import { batchLoss } from './loss.js';
import { readScalars } from './read.js';
import { LossWindow, type Divergence } from './loss-window.js';
import { optimizerStep, type StepTensors } from './step.js';

/** Where a run's numbers and samples go (the SQLite store, bound to one run). */
export interface RunLog {
  metrics(step: number, values: Record<string, number>): void;
  sample(step: number, prompt: string, text: string): void;
  heartbeat(): void;
}

/** The batch streams of a run, each with its own generator. */
export interface TrainingBatches {
  train: BatchSampler;
  evalTrain: BatchSampler;
  evalVal: BatchSampler;
}

/** Where a resumed run stands: the steps done, the log window in progress, the last val loss, the training time spent. */
export interface ResumePoint {
  step: number;
  window: LoopWindow;
  valLoss: number;
  elapsedMs: number;
}

export interface TrainerParts {
  model: LanguageModel;
  parameters: ParameterStore;
  optimizer: Optimizer;
  schedule: Schedule;
  tokenizer: Tokenizer;
  batches: TrainingBatches;
  samplingRng: Rng;
  train: TrainSettings;
  sample: SampleSettings;
  log: RunLog;
  reporter: ProgressReporter;
  /** What each step minimises; absent: the next-token loss on batches.train (pretraining). */
  objective?: Objective;
  /** Aborting stops the run after the current step, as `interrupted` (or `pruned`, with reason PRUNED). */
  signal?: AbortSignal;
  /** Writes checkpoints where their policy says; without it the loop writes none. */
  checkpoints?: TrainingCheckpoints;
  resume?: ResumePoint;
  /** Milliseconds, for the time budget (train.max_minutes): performance.now() unless a test brings its own. */
  clock?: () => number;
}

/** The loop's side of checkpointing (framework/training/checkpoint/keeper.ts). */
export interface TrainingCheckpoints {
  /** Whether a checkpoint falls at `step` even if nothing else settles the losses there. */
  dueAt(step: number): boolean;
  /** Called at every settled step; writes if the policy says so and returns once the state is copied. */
  save(point: CheckpointPoint): Promise<void>;
  /** Throws if a write in the background failed. */
  throwIfFailed(): void;
  /** Waits for the write in flight; throws its error. */
  flush(): Promise<void>;
}

export interface TrainingOutcome {
  status: Exclude<RunStatus, 'running' | 'failed'>;
  /** Optimizer steps completed. */
  step: number;
  lastValLoss?: number;
  error?: string;
}

/** What a step is followed by. */
interface StepDuties {
  last: boolean;
  log: boolean;
  evaluate: boolean;
  sample: boolean;
  checkpoint: boolean;
}

const HEARTBEAT_MS = 5_000;

/** Lets Ctrl-C and the live view have their turn between synchronous steps. */
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/** The abort reason that ends a run as `pruned` (a sweep's early stopping) instead of `interrupted`. */
export const PRUNED = 'pruned';

export class Trainer {
  private lastHeartbeat = 0;
  /** The last step trained, for the report of a run that fails mid-way (a checkpoint write, a full disk). */
  stepsTrained = 0;

  constructor(private readonly parts: TrainerParts) {}

  /**
   * Trains for train.max_iters steps (or train.max_minutes, if that runs out first). Losses stay on the device until a step that logs,
   * evaluates or samples; then all of them are read in one transfer (on a GPU, a read waits
   * for every queued kernel, so reading each step would serialise the CPU and the GPU).
   */
  async run(): Promise<TrainingOutcome> {
    const { checkpoints } = this.parts;
    let outcome: TrainingOutcome;
    try {
      outcome = await this.loop();
    } catch (error) {
      await checkpoints?.flush().catch(() => {}); // let a write in flight finish; the loop's error is the one to report
      throw error;
    }
    await checkpoints?.flush();
    return outcome;
  }

  /**
   * The loop, as in nanoGPT's train.py: for each step, the learning rate from the schedule, one
   * optimizer step (forward, loss, backward, clip, update), and, at the steps that log, evaluate,
   * sample or checkpoint, the losses read and recorded. The budget says which step is the last.
   */
  private async loop(): Promise<TrainingOutcome> {
    const { train, checkpoints, resume } = this.parts;
    const budget = this.startBudget();
    const losses = new LossWindow(resume?.window);
    this.stepsTrained = resume?.step ?? 0;
    // A resumed run evaluated at its checkpoint's step already (it is recorded).
    let lastValLoss = resume === undefined ? await this.evaluate(0) : resume.valLoss;
    try {
      for (let step = this.stepsTrained + 1; step <= train.max_iters; step++) {
        await yieldToEventLoop();
        checkpoints?.throwIfFailed();
        if (this.parts.signal?.aborted) return await this.stop(step - 1, losses, budget, lastValLoss);

        const lr = this.parts.schedule.lrAt(budget.schedulePosition(step - 1));
        await this.parts.objective?.prepare?.(step, this.parts.model);
        losses.add(this.trainStep(lr), lr);
        this.stepsTrained = step;

        const due = this.dueAt(step, budget);
        if (!due.log && !due.evaluate && !due.sample && !due.checkpoint) continue;
        const divergence = await losses.settle(step);
        if (divergence !== undefined) return this.diverged(divergence, lastValLoss);
        if (due.log) {
          await this.logWindow(step, losses.window, lr, losses.gradNorm);
          losses.logged();
        }
        if (due.evaluate) lastValLoss = await this.evaluate(step);
        else if (due.sample) await this.sampleText(step);
        await checkpoints?.save({ step, window: losses.window, elapsedMs: budget.elapsedMs(), valLoss: lastValLoss, evaluated: due.evaluate, final: due.last });
        this.beat();
        losses.restartClock();
        if (due.last) return { status: 'completed', step, lastValLoss };
      }
      return { status: 'completed', step: train.max_iters, lastValLoss };
    } finally {
      losses.dispose();
    }
  }

  /** train.max_iters steps, or train.max_minutes if that runs out first; a resumed run counts the time it spent. */
  private startBudget(): TrainingBudget {
    const { train, clock, resume } = this.parts;
    const budget = new TrainingBudget({ maxIters: train.max_iters, ...(train.max_minutes === undefined ? {} : { maxMinutes: train.max_minutes }) }, clock);
    budget.start(resume?.elapsedMs);
    return budget;
  }

  /** What happens after `step`: logging, evaluation, a sample, a checkpoint; and whether it is the last. */
  private dueAt(step: number, budget: TrainingBudget): StepDuties {
    const { train, sample, checkpoints } = this.parts;
    const last = budget.isLastStep(step);
    const evaluate = (train.eval_interval > 0 && step % train.eval_interval === 0) || last;
    return {
      last,
      log: step % train.log_interval === 0 || last,
      evaluate,
      sample: !evaluate && sample.every > 0 && step % sample.every === 0,
      checkpoint: checkpoints?.dueAt(step) ?? false,
    };
  }

  /** Aborted after `step`: pruned as it stands, or interrupted with what was trained kept for `folio resume`. */
  private async stop(step: number, losses: LossWindow, budget: TrainingBudget, lastValLoss: number): Promise<TrainingOutcome> {
    if (this.parts.signal?.reason === PRUNED) return { status: 'pruned', step, lastValLoss };
    const divergence = await losses.settle(step);
    if (divergence !== undefined) return this.diverged(divergence, lastValLoss);
    await this.parts.checkpoints?.save({ step, window: losses.window, elapsedMs: budget.elapsedMs(), valLoss: lastValLoss, evaluated: false, final: true });
    return { status: 'interrupted', step, lastValLoss };
  }

  private diverged(at: Divergence, lastValLoss: number): TrainingOutcome {
    this.parts.log.metrics(at.step, { 'train/loss': at.loss, 'train/lr': at.lr });
    return { status: 'diverged', step: at.step, lastValLoss, error: `loss became ${at.loss} at step ${at.step}` };
  }

  private async logWindow(step: number, window: LoopWindow, lr: number, gradNorm: tf.Scalar | undefined): Promise<void> {
    const meanMs = window.ms / window.steps;
    const values = {
      loss: window.loss / window.steps,
      lr,
      gradNorm: gradNorm === undefined ? NaN : (await readScalars([gradNorm]))[0]!,
      stepMs: meanMs,
      tokensPerSecond: (this.parts.train.batch_size * this.parts.model.blockSize * 1000) / meanMs,
    };
    this.record(step, values);
    const objectiveMetrics = await this.parts.objective?.logged?.();
    if (objectiveMetrics !== undefined) this.parts.log.metrics(step, objectiveMetrics);
    this.parts.reporter.report({ kind: 'step', step, ...values });
  }

  private trainStep(lr: number): StepTensors {
    const { model, parameters, optimizer, batches, train, objective } = this.parts;
    const loss = objective === undefined ? () => batchLoss(model, batches.train.next(), true) : () => objective.loss(model, true);
    return optimizerStep({ parameters, optimizer, loss, gradClip: train.grad_clip }, lr);
  }

  private async evaluate(step: number): Promise<number> {
    const { model, batches, train, reporter, log } = this.parts;
    const trainLoss = await estimateLoss(model, batches.evalTrain, train.eval_iters);
    const valLoss = await estimateLoss(model, batches.evalVal, train.eval_iters);
    const objectiveMetrics = (await this.parts.objective?.evaluate?.(model)) ?? {};
    log.metrics(step, { 'train/eval_loss': trainLoss, 'val/loss': valLoss, ...objectiveMetrics });
    reporter.report({ kind: 'eval', step, trainLoss, valLoss });
    await this.sampleText(step);
    log.heartbeat(); // evaluation and sampling are long, synchronous stretches
    return valLoss;
  }

  /** Generates sample.tokens tokens from sample.prompt, records and reports them. */
  async sampleText(step: number, tokens = this.parts.sample.tokens): Promise<string> {
    const { model, tokenizer, sample, samplingRng, log, reporter } = this.parts;
    if (tokens === 0) return '';
    const prompt = Array.from(tokenizer.encode(sample.prompt));
    const ids = await generate(model, prompt.length > 0 ? prompt : [0], { tokens, temperature: sample.temperature, topK: sample.top_k }, samplingRng);
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
