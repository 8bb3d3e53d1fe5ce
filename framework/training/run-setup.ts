// The steps every run shares once it is recorded, top to bottom: the container is built, the
// backend starts, the corpus is loaded and tokenized, the model and its batches are built, the
// trainer is resolved and runs, and the end is recorded. The three entry points (experiment.ts)
// differ only in the RunStart they hand over.
import { buildRunContainer } from '../container/build.js';
import type { RunContainer } from '../container/run-container.js';
import { vocabularyOf } from '../container/run-services.js';
import { COMPONENTS, LEARNED, RUN } from '../container/tokens.js';
import type { AlignmentParts } from '../container/alignment.js';
import type { ResolvedConfig } from '../config/types.js';
import { Rng } from '../engine/rng.js';
import type { ActiveBackend, Tokenizer } from '../registry/contracts.js';
import { BatchSampler, splitTokens, type TokenSplits } from './batches.js';
import { CheckpointError } from './checkpoint/errors.js';
import { CheckpointKeeper } from './checkpoint/keeper.js';
import type { LoadedCheckpoint } from './checkpoint/read.js';
import { restoreModel, type RestoredModel } from './checkpoint/restore-model.js';
import type { TrainingState } from './checkpoint/training-state.js';
import { estimateLoss } from './evaluate.js';
import type { ExperimentOptions, ExperimentResult } from './experiment-options.js';
import { generateBatch } from './generate.js';
import { batchLoss } from './loss.js';
import { loadRunModel } from './run-model.js';
import { StoreRunLog } from './store-run-log.js';
import type { ResumePoint, Trainer, TrainingBatches, TrainingOutcome } from './trainer.js';
import { bindTrainer, TRAINING } from './trainer-binding.js';

/** What tells a fresh run, a resumed one and one started from other weights apart. */
export interface RunStart {
  /** Gives the tokenizer its vocabulary (learned from the text, or a checkpoint's); returns the text to encode. */
  vocabulary(tokenizer: Tokenizer, text: string): string;
  /** The checkpoint the run's weights started from: the frozen reference of preference objectives. */
  startedFrom?(): LoadedCheckpoint | undefined;
  /** Moves the freshly built state to where the run starts (a checkpoint's weights, moments, generators). */
  restore?(state: TrainingState): void;
  /** Where the loop continues, for a resumed run. */
  resumePoint?: ResumePoint;
  /** The best validation loss so far, for a resumed run's `best` checkpoint. */
  bestValLoss?: number | null;
  /** Said when the run starts: where its weights came from. */
  initFromNote?: string;
  /** A checkpoint that does not fit (init_from) is refused like a config mistake: the run is not kept. */
  discardIfRefused?: boolean;
}

/** Trains the recorded run `runId` as `start` says, and records how it ended. */
export async function trainRecordedRun(resolved: ResolvedConfig, options: ExperimentOptions, runId: number, start: RunStart): Promise<ExperimentResult> {
  const setup = new RunSetup(resolved, options, runId, start);
  try {
    const trainer = await setup.prepare();
    const outcome = await trainer.run();
    return await setup.finish(outcome);
  } catch (error) {
    setup.fail(error);
    throw error;
  } finally {
    setup.dispose();
  }
}

/** One recorded run from its container to its trainer, and what is left to free or record at its end. */
class RunSetup {
  private readonly run: RunContainer;
  private readonly log: StoreRunLog;
  private backend: ActiveBackend | undefined;
  private reference: RestoredModel | undefined;
  private alignment: AlignmentParts | undefined;
  private trainer: Trainer | undefined;
  private optimizerBuilt = false;

  constructor(
    private readonly resolved: ResolvedConfig,
    private readonly options: ExperimentOptions,
    private readonly runId: number,
    private readonly start: RunStart,
  ) {
    this.run = buildRunContainer(resolved.config, options.registry, { configDir: resolved.dir, cacheDir: options.cacheDir });
    this.log = new StoreRunLog(options.store, runId, options.onMetrics);
    this.run.provide(LEARNED.recorder, this.log);
    this.run.provide(TRAINING.log, this.log);
    this.run.provide(TRAINING.reporter, options.reporter);
    if (options.signal !== undefined) this.run.provide(TRAINING.signal, options.signal);
    bindTrainer(this.run);
  }

  /** Top to bottom, each step providing what the next needs; the model waits for the vocabulary. */
  async prepare(): Promise<Trainer> {
    const { run, runId, start } = this;
    const { config } = this.resolved;
    const { store } = this.options;
    this.backend = await startBackend(run, this.options, runId);
    const corpus = await run.get(COMPONENTS.dataset).load();
    store.heartbeat(runId); // a download can take a while; the run is alive
    const splits = tokenize(run, start, corpus.text);
    const model = run.get(COMPONENTS.model);
    const batchRngs = forkBatchRngs(run);
    run.provide(TRAINING.batches, batchesOf(batchRngs, splits, model.blockSize, config.train.batch_size));
    const state = trainingState(run, batchRngs);
    this.optimizerBuilt = true;
    if (config.objective !== undefined) await this.buildAlignment(splits, model.blockSize);
    start.restore?.(state);
    describeRun(run, this.options, runId, this.backend, corpus.source, splits, start);
    run.provide(TRAINING.checkpoints, new CheckpointKeeper({
      dir: `${this.options.runsDir}/${runId}`,
      settings: config.checkpoint,
      state,
      run: { runId, config, configHash: this.resolved.hash },
      artifacts: { add: (kind, path, step) => store.addArtifact(runId, kind, path, step), remove: (path) => store.removeArtifact(runId, path) },
      bestValLoss: start.bestValLoss ?? null,
    }));
    if (start.resumePoint !== undefined) run.provide(TRAINING.resumePoint, start.resumePoint);
    this.trainer = run.get(TRAINING.trainer);
    return this.trainer;
  }

  /** The reward, preferences and objective, with the frozen model the run started from as their reference. */
  private async buildAlignment(splits: TokenSplits, blockSize: number): Promise<void> {
    const { config } = this.resolved;
    const startedFrom = this.start.startedFrom?.();
    if (startedFrom !== undefined) this.reference = await restoreModel(startedFrom, config, this.options.registry, this.resolved.dir);
    this.alignment = alignmentOf(this.run, this.resolved, this.options, splits, blockSize, this.reference);
    if (this.alignment.objective !== undefined) this.run.provide(TRAINING.objective, this.alignment.objective);
    this.log.scoreSamplesWith(this.alignment.reward);
  }

  async finish(outcome: TrainingOutcome): Promise<ExperimentResult> {
    await this.log.settled();
    this.options.store.finishRun(this.runId, outcome.status, outcome.error);
    this.options.reporter.report({ kind: 'end', status: outcome.status, step: outcome.step, ...(outcome.error ? { error: outcome.error } : {}) });
    return { runId: this.runId, backend: this.backend!.name, finalSample: this.log.finalSample, ...outcome };
  }

  /** Records the run as failed; a checkpoint init_from refused before training leaves no run at all. */
  fail(error: unknown): void {
    const { store, reporter } = this.options;
    if (error instanceof CheckpointError && this.start.discardIfRefused === true && this.trainer === undefined) {
      store.discardRun(this.runId);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    try {
      store.finishRun(this.runId, 'failed', message);
    } catch {
      // The store itself failed (a full disk): the run stays 'running', reads as crashed once its
      // heartbeat is stale, and resumes from its last checkpoint; the first error is the one to tell.
    }
    reporter.report({ kind: 'end', status: 'failed', step: this.trainer?.stepsTrained ?? 0, error: message });
  }

  dispose(): void {
    this.alignment?.dispose();
    this.reference?.dispose();
    if (this.optimizerBuilt) this.run.get(COMPONENTS.optimizer).dispose();
    this.run.get(RUN.parameters).dispose();
  }
}

async function startBackend(run: RunContainer, options: ExperimentOptions, runId: number): Promise<ActiveBackend> {
  const active = await run.get(COMPONENTS.backend).activate();
  run.provide(LEARNED.activeBackend, active);
  options.store.setBackend(runId, active.name);
  return active;
}

/** The tokenizer gets its vocabulary as the start says; the text becomes training and validation ids. */
function tokenize(run: RunContainer, start: RunStart, text: string): TokenSplits {
  const tokenizer = run.get(COMPONENTS.tokenizer);
  const encodable = start.vocabulary(tokenizer, text);
  run.provide(LEARNED.vocabulary, vocabularyOf(tokenizer));
  return splitTokens(tokenizer.encode(encodable), run.get(COMPONENTS.dataset).valFraction);
}

/** One generator per batch stream, forked in this order whether or not the run resumes: a checkpoint moves them to where they were. */
function forkBatchRngs(run: RunContainer): Record<keyof TrainingBatches, Rng> {
  const { data } = run.get(RUN.rngs);
  return { train: data.fork(), evalTrain: data.fork(), evalVal: data.fork() };
}

/** Everything a checkpoint saves and restores. */
function trainingState(run: RunContainer, batchRngs: Record<keyof TrainingBatches, Rng>): TrainingState {
  const { model, sampling, components } = run.get(RUN.rngs);
  return {
    parameters: run.get(RUN.parameters),
    optimizer: run.get(COMPONENTS.optimizer),
    tokenizer: run.get(COMPONENTS.tokenizer),
    rngs: { 'batches.train': batchRngs.train, 'batches.eval_train': batchRngs.evalTrain, 'batches.eval_val': batchRngs.evalVal, model, sampling, components },
  };
}

function batchesOf(rngs: Record<keyof TrainingBatches, Rng>, splits: TokenSplits, blockSize: number, batchSize: number): TrainingBatches {
  const sampler = (tokens: Int32Array, rng: Rng, split: string) => new BatchSampler(tokens, blockSize, batchSize, rng, split);
  return {
    train: sampler(splits.train, rngs.train, 'training'),
    evalTrain: sampler(splits.train, rngs.evalTrain, 'training'),
    evalVal: sampler(splits.val, rngs.evalVal, 'validation'),
  };
}

/** The reward, preferences and objective, given what only the running experiment knows. */
function alignmentOf(run: RunContainer, resolved: ResolvedConfig, options: ExperimentOptions, splits: TokenSplits, blockSize: number, reference: RestoredModel | undefined): AlignmentParts {
  const { config } = resolved;
  const batches = run.get(TRAINING.batches);
  return run.get(COMPONENTS.alignment)({
    tokenizer: run.get(COMPONENTS.tokenizer),
    blockSize,
    trainTokens: splits.train,
    ...(reference === undefined ? {} : { reference: reference.model }),
    nextTokenLoss: (policy, training) => batchLoss(policy, batches.train.next(), training),
    generate: generateBatch,
    loadRun: (which) => loadRunModel(options.store, options.registry, which),
    samplingRng: run.get(RUN.rngs).sampling,
    samplePrompt: config.sample.prompt,
    // A generator of its own, started afresh each call: the same windows for every model and evaluation.
    fixedValLoss: (model) => estimateLoss(model, new BatchSampler(splits.val, blockSize, config.train.batch_size, new Rng(config.seed), 'validation'), config.train.eval_iters),
  });
}

/** What the run is, recorded with it and told to the reporter as it starts. */
function describeRun(run: RunContainer, options: ExperimentOptions, runId: number, backend: ActiveBackend, source: string, splits: TokenSplits, start: RunStart): void {
  const config = run.get(RUN.config);
  const parameterCount = run.get(RUN.parameters).count();
  options.store.setInfo(runId, {
    parameters: parameterCount,
    vocabSize: run.get(COMPONENTS.tokenizer).vocabSize,
    dataset: source,
    trainTokens: splits.train.length,
    valTokens: splits.val.length,
    ...(backend.note === undefined ? {} : { backendNote: backend.note }),
  });
  options.reporter.report({
    kind: 'start',
    runId,
    name: config.name,
    backend: backend.name,
    ...(backend.note === undefined ? {} : { backendNote: backend.note }),
    ...(start.initFromNote === undefined ? {} : { initFrom: start.initFromNote }),
    maxIters: config.train.max_iters,
    ...(config.train.max_minutes === undefined ? {} : { maxMinutes: config.train.max_minutes }),
    parameterCount,
    tokensPerStep: config.train.batch_size * run.get(COMPONENTS.model).blockSize,
  });
}
