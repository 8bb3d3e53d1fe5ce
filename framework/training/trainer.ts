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

/** Steps whose losses have not been read yet, and the learning rate each used. */
interface Pending {
  losses: tf.Scalar[];
  lrs: number[];
  /** When the first of them started (performance.now()). */
  since: number;
}

/** What the steps since the last logged one add up to. */
type LogWindow = LoopWindow;

type Divergence = { step: number; loss: number; lr: number };

const HEARTBEAT_MS = 5_000;

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

  private async loop(): Promise<TrainingOutcome> {
    const { train, signal, sample, checkpoints, resume } = this.parts;
    const budget = new TrainingBudget(
      { maxIters: train.max_iters, ...(train.max_minutes === undefined ? {} : { maxMinutes: train.max_minutes }) },
      this.parts.clock,
    );
    budget.start(resume?.elapsedMs);
    this.stepsTrained = resume?.step ?? 0;
    // A resumed run evaluated at its checkpoint's step already (it is recorded).
    let lastValLoss = resume === undefined ? await this.evaluate(0) : resume.valLoss;
    let window: LogWindow = resume?.window ?? { loss: 0, ms: 0, steps: 0 };
    let pending: Pending = { losses: [], lrs: [], since: performance.now() };
    let gradNorm: tf.Scalar | undefined;
    try {
      for (let step = (resume?.step ?? 0) + 1; step <= train.max_iters; step++) {
        // Yield so that Ctrl-C and the live view get their turn between synchronous steps.
        await new Promise((resolve) => setImmediate(resolve));
        checkpoints?.throwIfFailed();
        if (signal?.aborted) {
          if (signal.reason === PRUNED) return { status: 'pruned', step: step - 1, lastValLoss };
          const read = await this.settle(pending, step - 1, window);
          if (read.diverged !== undefined) return this.diverged(read.diverged, lastValLoss);
          // What was trained so far is kept: `folio resume` continues from here.
          await checkpoints?.save({ step: step - 1, window: read.window, elapsedMs: budget.elapsedMs(), valLoss: lastValLoss, evaluated: false, final: true });
          return { status: 'interrupted', step: step - 1, lastValLoss };
        }
        const lr = this.parts.schedule.lrAt(budget.schedulePosition(step - 1));
        await this.parts.objective?.prepare?.(step, this.parts.model);
        const tensors = this.trainStep(lr);
        this.stepsTrained = step;
        pending.losses.push(tensors.loss);
        pending.lrs.push(lr);
        gradNorm?.dispose();
        gradNorm = tensors.gradNorm;

        const last = budget.isLastStep(step);
        const logDue = step % train.log_interval === 0 || last;
        const evalDue = (train.eval_interval > 0 && step % train.eval_interval === 0) || last;
        const sampleDue = !evalDue && sample.every > 0 && step % sample.every === 0;
        const checkpointDue = checkpoints?.dueAt(step) ?? false;
        if (!logDue && !evalDue && !sampleDue && !checkpointDue) continue;

        const read = await this.settle(pending, step, window);
        if (read.diverged !== undefined) return this.diverged(read.diverged, lastValLoss);
        window = read.window;
        if (logDue) {
          await this.logWindow(step, window, lr, gradNorm);
          window = { loss: 0, ms: 0, steps: 0 };
        }
        if (evalDue) lastValLoss = await this.evaluate(step);
        else if (sampleDue) await this.sampleText(step);
        await checkpoints?.save({ step, window, elapsedMs: budget.elapsedMs(), valLoss: lastValLoss, evaluated: evalDue, final: last });
        this.beat();
        // The next window starts now: evaluation and sampling are not step time.
        pending = { losses: [], lrs: [], since: performance.now() };
        if (last) return { status: 'completed', step, lastValLoss };
      }
      return { status: 'completed', step: train.max_iters, lastValLoss };
    } finally {
      tf.dispose([...pending.losses, ...(gradNorm === undefined ? [] : [gradNorm])]);
    }
  }

  /** Reads the pending losses (one transfer) into the window; finds the first non-finite one. */
  private async settle(pending: Pending, step: number, window: LogWindow): Promise<{ window: LogWindow; diverged?: Divergence }> {
    const losses = await readScalars(pending.losses);
    // Disposed here, once read; the run's finally may dispose them again, which tfjs ignores.
    tf.dispose(pending.losses);
    const firstStep = step - losses.length + 1;
    const bad = losses.findIndex((loss) => !Number.isFinite(loss));
    if (bad >= 0) return { window, diverged: { step: firstStep + bad, loss: losses[bad]!, lr: pending.lrs[bad]! } };
    return {
      window: {
        loss: window.loss + losses.reduce((a, b) => a + b, 0),
        ms: window.ms + (performance.now() - pending.since),
        steps: window.steps + losses.length,
      },
    };
  }

  private diverged(at: Divergence, lastValLoss: number): TrainingOutcome {
    this.parts.log.metrics(at.step, { 'train/loss': at.loss, 'train/lr': at.lr });
    return { status: 'diverged', step: at.step, lastValLoss, error: `loss became ${at.loss} at step ${at.step}` };
  }

  private async logWindow(step: number, window: LogWindow, lr: number, gradNorm: tf.Scalar | undefined): Promise<void> {
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
