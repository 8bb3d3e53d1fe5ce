// The sweep loop: propose points (samplers/), run each once per seed through the executor,
// prune trials whose curves fall behind (pruners/), record everything in the store. A trial's
// identity is the hash of its resolved config and seed, so running the same sweep again (after
// Ctrl-C, a kill or a reboot) finishes what is missing, never repeats a finished trial, and
// continues an interrupted or crashed one under its run id from its newest checkpoint.
import { createHash } from 'node:crypto';
import { loadConfig } from '../config/load.js';
import type { Registry } from '../registry/registry.js';
import type { RunStore } from '../tracking/store.js';
import { SweepError } from './errors.js';
import type { SweepReporter } from './events.js';
import type { TrialExecutor, TrialHandle } from './executor.js';
import { createPruner } from './pruners/index.js';
import type { RecordedTrial } from './events.js';
import { trialRunName } from './point-label.js';
import { createSampler, pointKey } from './samplers/index.js';
import { pointOf, storedTrial } from './stored-sweep.js';
import { countGridPoints, pointOverrides, trialKey } from './space.js';
import type { Curve, Point, SweepSpec, TrialResult, TrialStatus } from './types.js';

export interface StudyOptions {
  store: RunStore;
  storePath: string;
  executor: TrialExecutor;
  reporter: SweepReporter;
  registry: Registry;
  cacheDir: string;
  runsDir: string;
  /** Aborting stops every running trial (recorded as interrupted) and the sweep. */
  signal?: AbortSignal;
  /** Resuming this recorded sweep: it is an error if the spec and base no longer name it. */
  resume?: number;
}

export interface StudyOutcome {
  sweepId: number;
  status: 'completed' | 'interrupted';
  /** Trials this invocation ran (resumed ones included), each once. */
  ran: number;
  /** Trials an earlier invocation had finished. */
  skipped: number;
}

/** A run that ended this way is a finished trial: never run again. */
const FINISHED: ReadonlySet<string> = new Set(['completed', 'pruned', 'failed', 'diverged']);

interface Running {
  handle: TrialHandle;
  result: TrialResult & { curve: { step: number; value: number }[] };
  pruned: boolean;
}

/**
 * The sweep's identity in the store: its spec without `parallel` (how fast it runs is not what
 * it is), and what its base config resolves to, so that editing the base starts a new sweep
 * instead of mixing trials of two different bases in one ranking.
 */
export function sweepHash(spec: SweepSpec, baseHash: string): string {
  const { parallel: _parallel, ...identity } = spec;
  return createHash('sha256').update(JSON.stringify(identity)).update(baseHash).digest('hex').slice(0, 16);
}

export async function runSweep(spec: SweepSpec, options: StudyOptions): Promise<StudyOutcome> {
  const { store, executor, reporter, signal } = options;
  const base = await loadConfig(spec.base, { registry: options.registry, overrides: spec.overrides });
  const specHash = sweepHash(spec, base.hash);
  const found = store.findSweep(specHash)?.id;
  if (options.resume !== undefined && found !== options.resume) {
    throw new SweepError(`sweep ${options.resume} cannot be resumed: its base config ${spec.base} has changed since it ran; start a new sweep with folio sweep`);
  }
  const sweepId = found ?? store.createSweep({ name: spec.name, spec, specHash });
  store.setSweepStatus(sweepId, 'running');

  const seeds = spec.seeds.length > 0 ? spec.seeds : [undefined];
  const plannedPoints = spec.method === 'grid' ? countGridPoints(spec.parameters) : spec.trials;
  const inFlight = (await executor.prepare?.(sweepId)) ?? [];
  const recorded = recordedTrials(store, sweepId, spec);
  const history = finishedTrials(store, recorded, spec);
  const finishedKeys = new Set(history.keys());
  const resumable = unfinishedRuns(recorded);
  const results: TrialResult[] = [...history.values()];
  const skipped = results.length;
  reporter.report({
    kind: 'start', sweepId, name: spec.name, method: spec.method, metric: spec.metric, goal: spec.goal,
    parallel: executor.slots, plannedTrials: plannedPoints * seeds.length, seedsPerPoint: seeds.length, finishedBefore: skipped,
    recorded,
  });

  const sampler = createSampler(spec);
  const pruner = createPruner(spec.earlyStop);
  const running = new Map<string, Running>();
  // Points an earlier invocation started: their seeds that did not finish run first.
  const startedPoints = new Map(recorded.map((r) => [pointKey(r.point), r.point]));
  // And the points of trials still on the executor's queue: they are taken up, not proposed again.
  for (const trial of inFlight) {
    if (finishedKeys.has(trial.trialKey)) continue;
    const resolved = await loadConfig(spec.base, { registry: options.registry, overrides: trial.overrides });
    const point = pointOf(resolved.config, spec.parameters);
    startedPoints.set(pointKey(point), point);
  }
  const queue: { point: Point; seed: number | undefined }[] = [...startedPoints.values()].flatMap((point) => seeds.map((seed) => ({ point, seed })));
  let proposedPoints = startedPoints.size;
  const ran = new Set<string>();
  let wake: () => void = () => {};

  /** The next (point, seed) not finished yet, proposing a new point when the queue is empty. */
  const next = async (): Promise<{ point: Point; seed: number; key: string; overrides: string[] } | undefined> => {
    for (;;) {
      if (queue.length === 0) {
        if (proposedPoints >= plannedPoints) return undefined;
        const pending = [...running.values()].map((r) => r.result);
        const point = sampler.propose([...results, ...pending]);
        if (point === undefined) return undefined;
        proposedPoints++;
        for (const seed of seeds) queue.push({ point, seed });
      }
      const { point, seed } = queue.shift()!;
      const overrides = [...spec.overrides, ...pointOverrides(point)];
      if (seed !== undefined) overrides.push(`seed=${seed}`);
      const resolved = await loadConfig(spec.base, { registry: options.registry, overrides });
      const key = trialKey(resolved.hash, resolved.config.seed);
      if (finishedKeys.has(key) || running.has(key)) continue;
      return { point, seed: resolved.config.seed, key, overrides };
    }
  };

  const others = (key: string) => [...results, ...[...running.entries()].filter(([k]) => k !== key).map(([, r]) => r.result)];

  const start = (trial: { point: Point; seed: number; key: string; overrides: string[] }) => {
    const result: Running['result'] = { point: trial.point, seed: trial.seed, status: 'running', curve: [] };
    let runId = -1;
    const entry: Running = {
      result,
      pruned: false,
      handle: executor.start(
        {
          sweepId,
          trialKey: trial.key,
          runName: trialRunName(spec.name, trial.point, trial.seed),
          configFile: spec.base,
          overrides: trial.overrides,
          storePath: options.storePath,
          cacheDir: options.cacheDir,
          runsDir: options.runsDir,
          ...(resumable.has(trial.key) ? { resumeRunId: resumable.get(trial.key)! } : {}),
        },
        {
          started: (id, maxSteps, maxMinutes) => {
            runId = id;
            ran.add(trial.key);
            const budget = maxMinutes === undefined ? {} : { maxMinutes };
            reporter.report({ kind: 'trial-start', trialKey: trial.key, runId, point: trial.point, seed: trial.seed, maxSteps, ...budget });
          },
          metrics: (step, values) => {
            const value = values[spec.metric];
            if (value !== undefined) {
              result.curve.push({ step, value });
              result.value = value;
            }
            // Every logged step moves the trial along, whether or not it logged the sweep's metric.
            reporter.report({ kind: 'trial-progress', trialKey: trial.key, runId, step, ...(result.value === undefined ? {} : { value: result.value }) });
            if (value === undefined) return;
            if (!entry.pruned && pruner.shouldStop(result.curve, others(trial.key), spec.goal)) {
              entry.pruned = true;
              entry.handle.prune();
            }
          },
          ended: (outcome) => {
            result.status = outcome.status as TrialStatus;
            running.delete(trial.key);
            if (FINISHED.has(outcome.status)) {
              finishedKeys.add(trial.key);
              results.push(result);
            }
            reporter.report({
              kind: 'trial-end', trialKey: trial.key, runId: outcome.runId, status: result.status, step: outcome.step,
              ...(result.value === undefined ? {} : { value: result.value }), ...(outcome.error ? { error: outcome.error } : {}),
            });
            wake();
          },
        },
      ),
    };
    running.set(trial.key, entry);
  };

  const stopAll = () => {
    for (const entry of running.values()) entry.handle.stop();
  };
  signal?.addEventListener('abort', stopAll, { once: true });
  try {
    let exhausted = false;
    while (!signal?.aborted) {
      while (!exhausted && running.size < executor.slots && !signal?.aborted) {
        const trial = await next();
        if (trial === undefined) exhausted = true;
        else start(trial);
      }
      if (running.size === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    // Stopped: wait for the running trials to record how they ended.
    while (running.size > 0) await new Promise<void>((resolve) => (wake = resolve));
  } finally {
    signal?.removeEventListener('abort', stopAll);
  }
  const status = signal?.aborted ? 'interrupted' : 'completed';
  store.setSweepStatus(sweepId, status);
  reporter.report({ kind: 'end', status });
  return { sweepId, status, ran: ran.size, skipped };
}

/** Every trial earlier invocations recorded, as the views count them. */
function recordedTrials(store: RunStore, sweepId: number, spec: SweepSpec): RecordedTrial[] {
  return store.sweepTrials(sweepId).map((row) => {
    const { name: _name, config, ...trial } = storedTrial(row, spec, store);
    // A run of an older Folio has no trial key: it stands for itself, as in the analysis.
    return { ...trial, trialKey: row.trialKey ?? `run ${row.id}`, maxSteps: maxItersOf(config) };
  });
}

/** The trials an earlier invocation finished, by trial key, with their curves. */
function finishedTrials(store: RunStore, recorded: readonly RecordedTrial[], spec: SweepSpec): Map<string, TrialResult> {
  const finished = new Map<string, TrialResult>();
  for (const trial of recorded) {
    if (!FINISHED.has(trial.status)) continue;
    const curve: Curve = store.metricSeries(trial.runId, spec.metric);
    finished.set(trial.trialKey, { point: trial.point, seed: trial.seed, status: trial.status, curve, ...lastValue(curve) });
  }
  return finished;
}

/**
 * The run to continue for each trial that did not finish (interrupted, crashed, or still marked
 * running by a process that is stopping): its newest run, so a trial keeps one run id however
 * often it is interrupted.
 */
function unfinishedRuns(recorded: readonly RecordedTrial[]): Map<string, number> {
  const runs = new Map<string, number>();
  for (const trial of recorded) {
    if (FINISHED.has(trial.status)) runs.delete(trial.trialKey);
    else if (!runs.has(trial.trialKey) || runs.get(trial.trialKey)! < trial.runId) runs.set(trial.trialKey, trial.runId);
  }
  return runs;
}

function maxItersOf(config: unknown): number {
  const train = (config as { train?: { max_iters?: unknown } } | null)?.train;
  return typeof train?.max_iters === 'number' ? train.max_iters : 0;
}

function lastValue(curve: Curve): { value?: number } {
  const last = curve.at(-1);
  return last === undefined ? {} : { value: last.value };
}
