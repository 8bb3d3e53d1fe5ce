// A sweep from start to end, in four steps: plan (find the sweep in the store by its identity, or
// record it), resume (what earlier invocations finished is never run again; what they left
// unfinished runs first, under its run id), run the trials `parallel` at a time while the study
// proposes and prunes (study.ts), finish (record how the sweep ended). A trial's identity is the
// hash of its resolved config and seed, so running the same sweep again (after Ctrl-C, a kill or a
// reboot) finishes what is missing and never repeats a finished trial.
import { createHash } from 'node:crypto';
import { loadConfig } from '../config/load.js';
import type { Registry } from '../registry/registry.js';
import type { RunStore } from '../tracking/store.js';
import { SweepError } from './errors.js';
import type { RecordedTrial, SweepReporter } from './events.js';
import type { TrialExecutor, TrialHandle } from './executor.js';
import { trialRunName } from './point-label.js';
import { createPruner } from './pruners/create-pruner.js';
import { createSampler } from './samplers/create-sampler.js';
import { pointKey } from './samplers/index.js';
import { countGridPoints, pointOverrides, trialKey } from './space.js';
import { pointOf } from './stored-sweep.js';
import { Study, type StudyTrial, type TrialToRun } from './study.js';
import { finishedTrials, recordedTrials, unfinishedRuns } from './sweep-history.js';
import { TrialObserver } from './trial-observer.js';
import type { Point, SweepSpec, TrialResult } from './types.js';
import { Wakeup } from './wakeup.js';

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

export async function runSweep(spec: SweepSpec, options: StudyOptions): Promise<StudyOutcome> {
  const sweepId = await planSweep(spec, options);
  const sweep = await SweepRun.resume(spec, sweepId, options);
  await sweep.runTrials();
  return sweep.finish();
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

/** Finds the sweep by its identity or records it, and marks it running; returns its id. */
async function planSweep(spec: SweepSpec, options: StudyOptions): Promise<number> {
  const base = await loadConfig(spec.base, { registry: options.registry, overrides: spec.overrides });
  const specHash = sweepHash(spec, base.hash);
  const found = options.store.findSweep(specHash)?.id;
  if (options.resume !== undefined && found !== options.resume) {
    throw new SweepError(`sweep ${options.resume} cannot be resumed: its base config ${spec.base} has changed since it ran; start a new sweep with folio sweep`);
  }
  const sweepId = found ?? options.store.createSweep({ name: spec.name, spec, specHash });
  options.store.setSweepStatus(sweepId, 'running');
  return sweepId;
}

/** One invocation of a sweep: its study, and the trials it has on the executor. */
class SweepRun {
  /** How to stop each trial on the executor now, by trial key. */
  private readonly handles = new Map<string, TrialHandle>();
  /** Rung when a trial ends or the sweep is stopped. */
  private readonly wakeup = new Wakeup();

  private constructor(
    private readonly spec: SweepSpec,
    private readonly sweepId: number,
    private readonly options: StudyOptions,
    private readonly study: Study,
    /** The run each unfinished trial of an earlier invocation continues, by trial key. */
    private readonly resumable: ReadonlyMap<string, number>,
  ) {}

  /**
   * Reads what earlier invocations left (after the executor recorded what finished while no sweep
   * listened), builds the study on it, and reports the sweep's start.
   */
  static async resume(spec: SweepSpec, sweepId: number, options: StudyOptions): Promise<SweepRun> {
    const { store, executor } = options;
    const inFlight = (await executor.prepare?.(sweepId)) ?? [];
    const recorded = recordedTrials(store, sweepId, spec);
    const finished = finishedTrials(store, recorded, spec);
    // Points an earlier invocation started: their seeds that did not finish run first.
    const startedPoints = new Map(recorded.map((trial) => [pointKey(trial.point), trial.point]));
    // And the points of trials still on the executor's queue: they are taken up, not proposed again.
    for (const trial of inFlight) {
      if (finished.has(trial.trialKey)) continue;
      const point = await pointOfTrial(spec, options.registry, trial.overrides);
      startedPoints.set(pointKey(point), point);
    }
    const study = new Study(
      {
        metric: spec.metric,
        goal: spec.goal,
        seeds: spec.seeds.length > 0 ? spec.seeds : [undefined],
        plannedPoints: spec.method === 'grid' ? countGridPoints(spec.parameters) : spec.trials,
        sampler: createSampler(spec),
        pruner: createPruner(spec.earlyStop),
        resolve: (point, seed) => resolveTrial(spec, options.registry, point, seed),
      },
      { finished, startedPoints: [...startedPoints.values()] },
    );
    const sweep = new SweepRun(spec, sweepId, options, study, unfinishedRuns(recorded));
    sweep.reportStart(recorded, finished);
    return sweep;
  }

  /** Keeps `slots` trials running until the study has none left to run, or the sweep is stopped. */
  async runTrials(): Promise<void> {
    const { signal } = this.options;
    const stopAll = () => this.stopAll();
    signal?.addEventListener('abort', stopAll, { once: true });
    try {
      let exhausted = false;
      while (!signal?.aborted) {
        while (!exhausted && this.study.runningCount < this.options.executor.slots && !signal?.aborted) {
          const trial = await this.study.ask();
          if (trial === undefined) exhausted = true;
          else this.start(trial);
        }
        if (this.study.runningCount === 0) break;
        await this.wakeup.wait();
      }
      // Stopped: wait for the running trials to record how they ended.
      while (this.study.runningCount > 0) await this.wakeup.wait();
    } finally {
      signal?.removeEventListener('abort', stopAll);
    }
  }

  /** Records how the sweep ended and reports it. */
  finish(): StudyOutcome {
    const status = this.options.signal?.aborted ? 'interrupted' : 'completed';
    this.options.store.setSweepStatus(this.sweepId, status);
    this.options.reporter.report({ kind: 'end', status });
    return { sweepId: this.sweepId, status, ran: this.study.ranCount, skipped: this.study.finishedBefore };
  }

  private reportStart(recorded: RecordedTrial[], finished: ReadonlyMap<string, TrialResult>): void {
    const { spec } = this;
    this.options.reporter.report({
      kind: 'start', sweepId: this.sweepId, name: spec.name, method: spec.method, metric: spec.metric, goal: spec.goal,
      parallel: this.options.executor.slots, plannedTrials: this.study.plannedTrials, seedsPerPoint: Math.max(1, spec.seeds.length),
      finishedBefore: finished.size, recorded,
    });
  }

  private start(trial: TrialToRun): void {
    const running = this.study.begin(trial);
    const observer = new TrialObserver(this.study, running, this.options.reporter, (ended) => this.ended(ended));
    const resumeRunId = this.resumable.get(trial.key);
    const handle = this.options.executor.start(
      {
        sweepId: this.sweepId,
        trialKey: trial.key,
        runName: trialRunName(this.spec.name, trial.point, trial.seed),
        configFile: this.spec.base,
        overrides: trial.overrides,
        storePath: this.options.storePath,
        cacheDir: this.options.cacheDir,
        runsDir: this.options.runsDir,
        ...(resumeRunId === undefined ? {} : { resumeRunId }),
      },
      observer,
    );
    observer.handle = handle;
    this.handles.set(trial.key, handle);
  }

  private ended(trial: StudyTrial): void {
    this.handles.delete(trial.key);
    this.wakeup.ring();
  }

  private stopAll(): void {
    for (const handle of this.handles.values()) handle.stop();
  }
}

/** A point and seed of the sweep as the trial that runs it: its overrides, resolved config and key. */
async function resolveTrial(spec: SweepSpec, registry: Registry, point: Point, seed: number | undefined): Promise<TrialToRun> {
  const overrides = [...spec.overrides, ...pointOverrides(point)];
  if (seed !== undefined) overrides.push(`seed=${seed}`);
  const resolved = await loadConfig(spec.base, { registry, overrides });
  return { point, seed: resolved.config.seed, key: trialKey(resolved.hash, resolved.config.seed), overrides };
}

/** The point a queued trial runs, read back from its resolved config. */
async function pointOfTrial(spec: SweepSpec, registry: Registry, overrides: string[]): Promise<Point> {
  const resolved = await loadConfig(spec.base, { registry, overrides });
  return pointOf(resolved.config, spec.parameters);
}
