// One run from a resolved config, started one of three ways: fresh (the tokenizer learns the
// corpus, the weights start from the seed), resumed from its own checkpoint, or from another
// run's weights (init_from). Each says what differs; run-setup.ts does what they share.
import { hostname } from 'node:os';
import type { InitFromConfig, ResolvedConfig } from '../config/types.js';
import type { RunRecorder } from '../tracking/store.js';
import { CheckpointError } from './checkpoint/errors.js';
import { readCheckpoint, type LoadedCheckpoint } from './checkpoint/read.js';
import { loadTrainingState, loadWeights, type TrainingState } from './checkpoint/training-state.js';
import { adoptVocabulary, initFromRun, readInitCheckpoint } from './init-from.js';
import { trainRecordedRun } from './run-setup.js';
import type { ExperimentOptions, ExperimentResult, RunToResume } from './experiment-options.js';
import type { ResumePoint } from './trainer.js';

export type { ExperimentOptions, ExperimentResult, RunToResume } from './experiment-options.js';

export async function runExperiment(resolved: ResolvedConfig, options: ExperimentOptions): Promise<ExperimentResult> {
  if (options.resume !== undefined) return resumeRun(resolved, options, options.resume);
  const initFrom = resolved.config.init_from;
  if (initFrom !== undefined) return startFromWeights(resolved, options, initFrom);
  return startFresh(resolved, options);
}

/** A new run: the tokenizer learns the corpus and the weights start from the seed. */
export async function startFresh(resolved: ResolvedConfig, options: ExperimentOptions): Promise<ExperimentResult> {
  const runId = openNewRun(resolved, options);
  return trainRecordedRun(resolved, options, runId, {
    vocabulary: (tokenizer, text) => {
      tokenizer.fit(text);
      return text;
    },
  });
}

/** A recorded run continued from its checkpoint: rebuilt as at its start, then moved to where it stopped. */
export async function resumeRun(resolved: ResolvedConfig, options: ExperimentOptions, resume: RunToResume): Promise<ExperimentResult> {
  const { store } = options;
  const { runId, checkpoint } = resume;
  store.reopenRun(runId, checkpoint.step, { config: resolved.config, configHash: resolved.hash });
  store.setInfo(runId, { pid: process.pid, host: hostname(), resumedFromStep: checkpoint.step });
  const meta = checkpoint.meta;
  return trainRecordedRun(resolved, options, runId, {
    vocabulary: (tokenizer, text) => {
      tokenizer.restore(checkpoint.tokenizer);
      return text;
    },
    startedFrom: () => initCheckpointOfResumed(store, runId),
    restore: (state) => restoreForResume(checkpoint, state),
    ...(meta === null ? {} : { resumePoint: resumePoint(meta), bestValLoss: meta.bestValLoss }),
  });
}

/** A new run that starts from another run's (or a file's) weights and vocabulary (init_from). */
export async function startFromWeights(resolved: ResolvedConfig, options: ExperimentOptions, initFrom: InitFromConfig): Promise<ExperimentResult> {
  const { store } = options;
  // Read before anything is recorded: a missing or corrupt file leaves the store as it was.
  // init_from: { run: newest } is settled here, once, and recorded with the run.
  const initRun = initFrom.path === undefined ? initFromRun(initFrom, store) : undefined;
  const settled = { ...initFrom, ...(initRun === undefined ? {} : { run: initRun }) };
  const pretrained = readInitCheckpoint(settled, store, resolved.dir);
  const runId = openNewRun(resolved, options);
  return trainRecordedRun(resolved, options, runId, {
    vocabulary: (tokenizer, text) => adoptVocabulary(tokenizer, pretrained, text, initFrom),
    startedFrom: () => pretrained,
    restore: (state) => {
      loadWeights(pretrained.file, pretrained.weights, state.parameters);
      store.setInfo(runId, { initFrom: { ...settled, file: pretrained.file, step: pretrained.step } });
    },
    initFromNote: initFromNote(initFrom, initRun, pretrained),
    discardIfRefused: true,
  });
}

/** Records a new run, or, for a trial restarted from step 0, reopens its run with everything it logged forgotten. */
function openNewRun(resolved: ResolvedConfig, options: ExperimentOptions): number {
  const { config } = resolved;
  const { store } = options;
  if (options.restartRunId !== undefined) {
    // Step -1: every step it logged is forgotten, the first one included.
    store.reopenRun(options.restartRunId, -1, { config, configHash: resolved.hash });
    store.setInfo(options.restartRunId, { pid: process.pid, host: hostname(), resumedFromStep: 0 });
    return options.restartRunId;
  }
  const runId = store.createRun({
    name: options.trial?.runName ?? config.name,
    config,
    configHash: resolved.hash,
    seed: config.seed,
    backend: config.backend,
    ...(options.trial === undefined ? {} : { sweepId: options.trial.sweepId, trialKey: options.trial.trialKey }),
  });
  // Relative paths in the config (dataset, imports) are relative to its folder: a resume needs it
  // again. The process id tells `folio resume` a live run from one whose process died.
  store.setInfo(runId, { configDir: resolved.dir, pid: process.pid, host: hostname() });
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

function resumePoint(meta: NonNullable<LoadedCheckpoint['meta']>): ResumePoint {
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
