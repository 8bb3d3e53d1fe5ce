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
import type { ResumePoint, Trainer, TrainingBatches } from './trainer.js';
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
  const { config } = resolved;
  const { store, reporter } = options;
  const run = buildRunContainer(config, options.registry, { configDir: resolved.dir, cacheDir: options.cacheDir });
  const log = new StoreRunLog(store, runId, options.onMetrics);
  run.provide(LEARNED.recorder, log);
  run.provide(TRAINING.log, log);
  run.provide(TRAINING.reporter, reporter);
  if (options.signal !== undefined) run.provide(TRAINING.signal, options.signal);
  bindTrainer(run);
  const parameters = run.get(RUN.parameters);
  let optimizerBuilt = false;
  let trainer: Trainer | undefined;
  let reference: RestoredModel | undefined;
  let alignment: AlignmentParts | undefined;
  let trainingStarted = false;
  try {
    const backend = await startBackend(run, options, runId);
    const corpus = await run.get(COMPONENTS.dataset).load();
    store.heartbeat(runId); // a download can take a while; the run is alive
    const splits = tokenize(run, start, corpus.text);
    const model = run.get(COMPONENTS.model);
    const batchRngs = forkBatchRngs(run);
    run.provide(TRAINING.batches, batchesOf(batchRngs, splits, model.blockSize, config.train.batch_size));
    const state = trainingState(run, batchRngs);
    optimizerBuilt = true;
    if (config.objective !== undefined) {
      const startedFrom = start.startedFrom?.();
      if (startedFrom !== undefined) reference = await restoreModel(startedFrom, config, options.registry, resolved.dir);
      alignment = buildAlignment(run, resolved, options, splits, model.blockSize, reference);
      if (alignment.objective !== undefined) run.provide(TRAINING.objective, alignment.objective);
      log.scoreSamplesWith(alignment.reward);
    }
    start.restore?.(state);
    describeRun(run, options, runId, backend, corpus.source, splits, start);
    run.provide(TRAINING.checkpoints, new CheckpointKeeper({
      dir: `${options.runsDir}/${runId}`,
      settings: config.checkpoint,
      state,
      run: { runId, config, configHash: resolved.hash },
      artifacts: { add: (kind, path, step) => store.addArtifact(runId, kind, path, step), remove: (path) => store.removeArtifact(runId, path) },
      bestValLoss: start.bestValLoss ?? null,
    }));
    if (start.resumePoint !== undefined) run.provide(TRAINING.resumePoint, start.resumePoint);
    trainer = run.get(TRAINING.trainer);
    trainingStarted = true;
    const outcome = await trainer.run();
    await log.settled();
    store.finishRun(runId, outcome.status, outcome.error);
    reporter.report({ kind: 'end', status: outcome.status, step: outcome.step, ...(outcome.error ? { error: outcome.error } : {}) });
    return { runId, backend: backend.name, finalSample: log.finalSample, ...outcome };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CheckpointError && start.discardIfRefused === true && !trainingStarted) {
      store.discardRun(runId);
      throw error;
    }
    try {
      store.finishRun(runId, 'failed', message);
    } catch {
      // The store itself failed (a full disk): the run stays 'running', reads as crashed once its
      // heartbeat is stale, and resumes from its last checkpoint; the first error is the one to tell.
    }
    reporter.report({ kind: 'end', status: 'failed', step: trainer?.stepsTrained ?? 0, error: message });
    throw error;
  } finally {
    alignment?.dispose();
    reference?.dispose();
    if (optimizerBuilt) run.get(COMPONENTS.optimizer).dispose();
    parameters.dispose();
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
function buildAlignment(run: RunContainer, resolved: ResolvedConfig, options: ExperimentOptions, splits: TokenSplits, blockSize: number, reference: RestoredModel | undefined): AlignmentParts {
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
