// One run from a resolved config: build the components, train, record everything.
import { buildRunContainer, resolveRunComponents, type RunComponents } from '../container/build.js';
import { hostname } from 'node:os';
import type { InitFromConfig, ResolvedConfig } from '../config/types.js';
import { Rng } from '../engine/rng.js';
import type { Registry } from '../registry/registry.js';
import type { RunRecorder } from '../tracking/store.js';
import { BatchSampler, splitTokens } from './batches.js';
import { CheckpointError } from './checkpoint/errors.js';
import { CheckpointKeeper } from './checkpoint/keeper.js';
import type { LoadedCheckpoint } from './checkpoint/read.js';
import { loadTrainingState, loadWeights, type TrainingState } from './checkpoint/training-state.js';
import type { ProgressReporter } from './events.js';
import type { AlignmentParts } from '../container/alignment.js';
import { readCheckpoint } from './checkpoint/read.js';
import { restoreModel, type RestoredModel } from './checkpoint/restore-model.js';
import { generateBatch } from './generate.js';
import { adoptVocabulary, initFromRun, readInitCheckpoint } from './init-from.js';
import { batchLoss } from './loss.js';
import { loadRunModel } from './run-model.js';
import { estimateLoss } from './evaluate.js';
import { Trainer, type RunLog, type TrainerParts, type TrainingOutcome } from './trainer.js';

export interface ExperimentOptions {
  registry: Registry;
  store: RunRecorder;
  reporter: ProgressReporter;
  cacheDir: string;
  /** Where this run's files go: `<runsDir>/<run id>/`. */
  runsDir: string;
  signal?: AbortSignal;
  /** The sweep this run is a trial of, the trial's identity there, and its run's name (the config's name by default). */
  trial?: { sweepId: number; trialKey: string; runName?: string };
  /** Told of the metrics of each logged step as they are recorded (a trial streams them to its sweep). */
  onMetrics?: (step: number, values: Record<string, number>) => void;
  /** Continue this recorded run from its checkpoint (`folio resume`) instead of recording a new one. */
  resume?: { runId: number; checkpoint: LoadedCheckpoint };
  /**
   * Train this recorded run again from step 0, under its id, everything it logged forgotten (a
   * sweep's trial that was interrupted before its first checkpoint).
   */
  restartRunId?: number;
}

export interface ExperimentResult extends TrainingOutcome {
  runId: number;
  backend: string;
  /** The sample generated at the last evaluation. */
  finalSample?: string;
}

export async function runExperiment(resolved: ResolvedConfig, options: ExperimentOptions): Promise<ExperimentResult> {
  const { config } = resolved;
  const { store, reporter } = options;
  const { resume } = options;
  // Read before anything is recorded: a missing or corrupt file leaves the store as it was.
  // init_from: { run: newest } is settled here, once, and recorded with the run.
  const initRun = resume === undefined && config.init_from !== undefined && config.init_from.path === undefined ? initFromRun(config.init_from, store) : undefined;
  const pretrained = resume === undefined && config.init_from !== undefined ? readInitCheckpoint({ ...config.init_from, ...(initRun === undefined ? {} : { run: initRun }) }, store, resolved.dir) : undefined;
  const runId = resume?.runId ?? options.restartRunId ?? recordRun(resolved, options);
  if (resume !== undefined) {
    store.reopenRun(runId, resume.checkpoint.step, { config, configHash: resolved.hash });
    store.setInfo(runId, { pid: process.pid, host: hostname(), resumedFromStep: resume.checkpoint.step });
  } else if (options.restartRunId !== undefined) {
    // Step -1: every step it logged is forgotten, the first one included.
    store.reopenRun(runId, -1, { config, configHash: resolved.hash });
    store.setInfo(runId, { pid: process.pid, host: hostname(), resumedFromStep: 0 });
  }
  let parts: RunComponents | undefined;
  let trainer: Trainer | undefined;
  let reference: RestoredModel | undefined;
  let alignment: AlignmentParts | undefined;
  let trainingStarted = false;
  try {
    parts = resolveRunComponents(buildRunContainer(config, options.registry, { configDir: resolved.dir, cacheDir: options.cacheDir }));
    const active = await parts.backend.activate();
    store.setBackend(runId, active.name);

    const corpus = await parts.dataset.load();
    store.heartbeat(runId); // a download can take a while; the run is alive
    let text = corpus.text;
    if (resume !== undefined) parts.tokenizer.restore(resume.checkpoint.tokenizer);
    else if (pretrained !== undefined) text = adoptVocabulary(parts.tokenizer, pretrained, text, config.init_from!);
    else parts.tokenizer.fit(text);
    const splits = splitTokens(parts.tokenizer.encode(text), parts.dataset.valFraction);
    const model = parts.createModel(parts.tokenizer.vocabSize);
    const { batch_size: batchSize } = config.train;
    // Forked in this order whether or not the run resumes: a checkpoint moves them to where they were.
    const dataRngs = { 'batches.train': parts.rngs.data.fork(), 'batches.eval_train': parts.rngs.data.fork(), 'batches.eval_val': parts.rngs.data.fork() };
    const sampler = (tokens: Int32Array, rng: Rng, split: string) => new BatchSampler(tokens, model.blockSize, batchSize, rng, split);
    const batches = {
      train: sampler(splits.train, dataRngs['batches.train'], 'training'),
      evalTrain: sampler(splits.train, dataRngs['batches.eval_train'], 'training'),
      evalVal: sampler(splits.val, dataRngs['batches.eval_val'], 'validation'),
    };
    const state: TrainingState = {
      parameters: parts.parameters,
      optimizer: parts.optimizer,
      tokenizer: parts.tokenizer,
      rngs: { ...dataRngs, model: parts.rngs.model, sampling: parts.rngs.sampling, components: parts.rngs.components },
    };
    if (config.objective !== undefined) {
      // The frozen reference of preference objectives: the model the run started from, as it was.
      const start = pretrained ?? initCheckpointOfResumed(store, runId);
      if (start !== undefined) reference = await restoreModel(start, config, options.registry, resolved.dir);
      alignment = parts.createAlignment({
        tokenizer: parts.tokenizer,
        blockSize: model.blockSize,
        trainTokens: splits.train,
        ...(reference === undefined ? {} : { reference: reference.model }),
        nextTokenLoss: (policy, training) => batchLoss(policy, batches.train.next(), training),
        generate: generateBatch,
        loadRun: (which) => loadRunModel(store, options.registry, which),
        samplingRng: parts.rngs.sampling,
        samplePrompt: config.sample.prompt,
        // A generator of its own, started afresh each call: the same windows for every model and evaluation.
        fixedValLoss: (m) => estimateLoss(m, sampler(splits.val, new Rng(config.seed), 'validation'), config.train.eval_iters),
      });
    }
    if (resume !== undefined) restoreForResume(resume.checkpoint, state);
    if (pretrained !== undefined) {
      loadWeights(pretrained.file, pretrained.weights, parts.parameters);
      store.setInfo(runId, { initFrom: { ...config.init_from, ...(initRun === undefined ? {} : { run: initRun }), file: pretrained.file, step: pretrained.step } });
    }
    store.setInfo(runId, {
      parameters: parts.parameters.count(),
      vocabSize: parts.tokenizer.vocabSize,
      dataset: corpus.source,
      trainTokens: splits.train.length,
      valTokens: splits.val.length,
      ...(active.note === undefined ? {} : { backendNote: active.note }),
    });
    reporter.report({
      kind: 'start',
      runId,
      name: config.name,
      backend: active.name,
      ...(active.note === undefined ? {} : { backendNote: active.note }),
      ...(pretrained === undefined ? {} : { initFrom: initFromNote(config.init_from!, initRun, pretrained) }),
      maxIters: config.train.max_iters,
      ...(config.train.max_minutes === undefined ? {} : { maxMinutes: config.train.max_minutes }),
      parameterCount: parts.parameters.count(),
      tokensPerStep: batchSize * model.blockSize,
    });

    let finalSample: string | undefined;
    const sampleScores: Promise<void>[] = [];
    const log: RunLog = {
      metrics: (step, values) => {
        store.logMetrics(runId, step, values);
        options.onMetrics?.(step, values);
      },
      sample: (step, prompt, text) => {
        finalSample = text;
        store.logSample(runId, step, prompt, text);
        // A run with a reward stores each sample's score beside it, as sample/reward at its step.
        const reward = alignment?.reward;
        if (reward !== undefined) sampleScores.push(reward.score([text]).then(([score]) => store.logMetrics(runId, step, { 'sample/reward': score! })));
      },
      heartbeat: () => store.heartbeat(runId),
    };
    const checkpoints = new CheckpointKeeper({
      dir: `${options.runsDir}/${runId}`,
      settings: config.checkpoint,
      state,
      run: { runId, config, configHash: resolved.hash },
      artifacts: { add: (kind, path, step) => store.addArtifact(runId, kind, path, step), remove: (path) => store.removeArtifact(runId, path) },
      bestValLoss: resume?.checkpoint.meta?.bestValLoss ?? null,
    });
    trainer = new Trainer({
      model,
      parameters: parts.parameters,
      optimizer: parts.optimizer,
      schedule: parts.schedule,
      tokenizer: parts.tokenizer,
      batches,
      samplingRng: parts.rngs.sampling,
      train: config.train,
      sample: config.sample,
      log,
      reporter,
      signal: options.signal,
      checkpoints,
      ...(alignment?.objective === undefined ? {} : { objective: alignment.objective }),
      ...(resume === undefined ? {} : { resume: resumePoint(resume.checkpoint) }),
    });
    trainingStarted = true;
    const outcome = await trainer.run();
    await Promise.all(sampleScores);
    store.finishRun(runId, outcome.status, outcome.error);
    reporter.report({ kind: 'end', status: outcome.status, step: outcome.step, ...(outcome.error ? { error: outcome.error } : {}) });
    return { runId, backend: active.name, finalSample, ...outcome };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A pretrained checkpoint that does not fit (shapes, vocabulary) is refused like a config mistake: nothing recorded.
    if (error instanceof CheckpointError && pretrained !== undefined && !trainingStarted) {
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
    parts?.optimizer.dispose();
    parts?.parameters.dispose();
  }
}

function recordRun(resolved: ResolvedConfig, options: ExperimentOptions): number {
  const { config } = resolved;
  const runId = options.store.createRun({
    name: options.trial?.runName ?? config.name,
    config,
    configHash: resolved.hash,
    seed: config.seed,
    backend: config.backend,
    ...(options.trial === undefined ? {} : { sweepId: options.trial.sweepId, trialKey: options.trial.trialKey }),
  });
  // Relative paths in the config (dataset, imports) are relative to its folder: a resume needs it
  // again. The process id tells `folio resume` a live run from one whose process died.
  options.store.setInfo(runId, { configDir: resolved.dir, pid: process.pid, host: hostname() });
  return runId;
}

/** The model rebuilt as at the start (its initialisation drew from the generators), then moved to the checkpoint. */
function restoreForResume(checkpoint: LoadedCheckpoint, state: TrainingState): void {
  if (checkpoint.meta === null) {
    throw new CheckpointError(`${checkpoint.file} was written by an earlier Folio and holds only the weights: it cannot be resumed; fine-tune from it with init_from instead`);
  }
  loadWeights(checkpoint.file, checkpoint.weights, state.parameters);
  loadTrainingState(checkpoint.file, checkpoint.meta, checkpoint.tensors, state);
}

function resumePoint(checkpoint: LoadedCheckpoint): NonNullable<TrainerParts['resume']> {
  const meta = checkpoint.meta!;
  return { step: meta.step, window: meta.window, valLoss: meta.valLoss ?? NaN, elapsedMs: meta.elapsedMs ?? 0 };
}

/** The checkpoint a resumed run started from (recorded when it first started), for its reference model. */
function initCheckpointOfResumed(store: RunRecorder, runId: number): LoadedCheckpoint | undefined {
  const initFrom = store.getRun(runId)?.info.initFrom as { file?: unknown } | undefined;
  return typeof initFrom?.file === 'string' ? readCheckpoint(initFrom.file) : undefined;
}

/** "init_from: run 3 (the newest completed shakespeare-char), step 5000": said when the run starts. */
function initFromNote(initFrom: InitFromConfig, run: number | undefined, checkpoint: LoadedCheckpoint): string {
  if (run === undefined) return `init_from: ${checkpoint.file}, step ${checkpoint.step}`;
  const newest = initFrom.run === 'newest' ? ` (the newest completed ${initFrom.name})` : '';
  return `init_from: run ${run}${newest}, step ${checkpoint.step}`;
}
