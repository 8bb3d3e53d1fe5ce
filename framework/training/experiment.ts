// One run from a resolved config: build the components, train, record everything.
import { buildRunContainer, resolveRunComponents, type RunComponents } from '../container/build.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Registry } from '../registry/registry.js';
import type { RunStore } from '../tracking/store.js';
import { BatchSampler, splitTokens } from './batches.js';
import { saveCheckpoint } from './checkpoint.js';
import type { ProgressReporter } from './events.js';
import { Trainer, type RunLog, type TrainingOutcome } from './trainer.js';

export interface ExperimentOptions {
  registry: Registry;
  store: RunStore;
  reporter: ProgressReporter;
  cacheDir: string;
  /** Where this run's files go: `<runsDir>/<run id>/`. */
  runsDir: string;
  signal?: AbortSignal;
  /** The sweep this run is a trial of, and the trial's identity there. */
  trial?: { sweepId: number; trialKey: string };
  /** Told of the metrics of each logged step as they are recorded (a trial streams them to its sweep). */
  onMetrics?: (step: number, values: Record<string, number>) => void;
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
  const runId = store.createRun({
    name: config.name,
    config,
    configHash: resolved.hash,
    seed: config.seed,
    backend: config.backend,
    ...(options.trial === undefined ? {} : { sweepId: options.trial.sweepId, trialKey: options.trial.trialKey }),
  });
  let parts: RunComponents | undefined;
  try {
    parts = resolveRunComponents(buildRunContainer(config, options.registry, { configDir: resolved.dir, cacheDir: options.cacheDir }));
    const active = await parts.backend.activate();
    store.setBackend(runId, active.name);

    const corpus = await parts.dataset.load();
    store.heartbeat(runId); // a download can take a while; the run is alive
    parts.tokenizer.fit(corpus.text);
    const splits = splitTokens(parts.tokenizer.encode(corpus.text), parts.dataset.valFraction);
    const model = parts.createModel(parts.tokenizer.vocabSize);
    const { batch_size: batchSize } = config.train;
    const sampler = (tokens: Int32Array, split: string) =>
      new BatchSampler(tokens, model.blockSize, batchSize, parts!.rngs.data.fork(), split);
    const batches = {
      train: sampler(splits.train, 'training'),
      evalTrain: sampler(splits.train, 'training'),
      evalVal: sampler(splits.val, 'validation'),
    };
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
      maxIters: config.train.max_iters,
      ...(config.train.max_minutes === undefined ? {} : { maxMinutes: config.train.max_minutes }),
      parameterCount: parts.parameters.count(),
      tokensPerStep: batchSize * model.blockSize,
    });

    let finalSample: string | undefined;
    const log: RunLog = {
      metrics: (step, values) => {
        store.logMetrics(runId, step, values);
        options.onMetrics?.(step, values);
      },
      sample: (step, prompt, text) => {
        finalSample = text;
        store.logSample(runId, step, prompt, text);
      },
      heartbeat: () => store.heartbeat(runId),
    };
    const trainer = new Trainer({
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
    });
    const outcome = await trainer.run();
    const checkpoint = await saveCheckpoint(`${options.runsDir}/${runId}`, parts.parameters, parts.tokenizer, outcome.step);
    store.addArtifact(runId, 'checkpoint', checkpoint, outcome.step);
    store.finishRun(runId, outcome.status, outcome.error);
    reporter.report({ kind: 'end', status: outcome.status, step: outcome.step, ...(outcome.error ? { error: outcome.error } : {}) });
    return { runId, backend: active.name, finalSample, ...outcome };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    store.finishRun(runId, 'failed', message);
    reporter.report({ kind: 'end', status: 'failed', step: 0, error: message });
    throw error;
  } finally {
    parts?.optimizer.dispose();
    parts?.parameters.dispose();
  }
}
