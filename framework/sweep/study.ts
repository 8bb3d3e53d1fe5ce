// The sweep's algorithm as state (Optuna's ask and tell): which (point, seed) pairs wait to run,
// how much of the point budget is spent, which trials run and how their curves go, which have
// finished. It asks the sampler for points and the pruner about curves; running a trial, the
// store and the reporter are run-sweep.ts's concern, so the algorithm can be followed (and
// tested) on its own.
import type { Pruner } from './pruners/pruner.js';
import type { Sampler } from './samplers/sampler.js';
import type { Goal, Point, TrialResult, TrialStatus } from './types.js';

/** A run that ended this way is a finished trial: never run again. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set(['completed', 'pruned', 'failed', 'diverged']);

/** One (point, seed) of the sweep, resolved to the trial that runs it. */
export interface TrialToRun {
  point: Point;
  /** The seed the resolved config runs with (the base config's when the spec names none). */
  seed: number;
  /** The trial's identity: the hash of its resolved config and seed. */
  key: string;
  /** The sweep's overrides, the point's values, then the seed, as `--set` would give them. */
  overrides: string[];
}

export interface StudyPlan {
  metric: string;
  goal: Goal;
  /** The seeds each point runs with; `undefined` alone: the base config's seed. */
  seeds: readonly (number | undefined)[];
  /** How many points the sweep proposes in all (grid: every point; random and tpe: `trials`). */
  plannedPoints: number;
  sampler: Sampler;
  pruner: Pruner;
  /** Resolves a point and seed to its trial (a config load: asynchronous). */
  resolve(point: Point, seed: number | undefined): Promise<TrialToRun>;
}

/** What earlier invocations of the sweep left. */
export interface StudyHistory {
  /** Their finished trials by trial key, with curves: never run again, learnt from. */
  finished: ReadonlyMap<string, TrialResult>;
  /** The points they started (finished or not): the seeds of these that did not finish run first. */
  startedPoints: readonly Point[];
}

/** A trial this invocation runs: its result grows as its metrics arrive. */
export class StudyTrial {
  readonly result: TrialResult & { curve: { step: number; value: number }[] };
  /** Set once the pruner said stop: it is asked no more. */
  pruned = false;

  constructor(readonly trial: TrialToRun) {
    this.result = { point: trial.point, seed: trial.seed, status: 'running', curve: [] };
  }

  get key(): string {
    return this.trial.key;
  }
}

export class Study {
  /** Trials that finished, earlier invocations' first, then in the order they ended: what the sampler learns from. */
  private readonly finished: TrialResult[];
  private readonly finishedKeys: Set<string>;
  /** Trials running now, by key, in the order they started. */
  private readonly running = new Map<string, StudyTrial>();
  /** (point, seed) pairs to run before the sampler is asked for another point. */
  private readonly waiting: { point: Point; seed: number | undefined }[];
  /** Points proposed so far, those earlier invocations started included: the budget spent. */
  private proposedPoints: number;
  /** Trials this invocation started (a trial resumed after an interruption counts once). */
  private readonly startedHere = new Set<string>();
  /** Finished trials an earlier invocation left. */
  readonly finishedBefore: number;

  constructor(private readonly plan: StudyPlan, history: StudyHistory) {
    this.finished = [...history.finished.values()];
    this.finishedKeys = new Set(history.finished.keys());
    this.finishedBefore = this.finished.length;
    this.waiting = history.startedPoints.flatMap((point) => plan.seeds.map((seed) => ({ point, seed })));
    this.proposedPoints = history.startedPoints.length;
  }

  /** Trials the sweep runs in all (points x seeds), finished ones included. */
  get plannedTrials(): number {
    return this.plan.plannedPoints * this.plan.seeds.length;
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** How many trials this invocation has started. */
  get ranCount(): number {
    return this.startedHere.size;
  }

  /**
   * The next trial to run: a waiting (point, seed) that has not finished and is not running,
   * proposing a new point when none waits; undefined once the budget is spent or the sampler has
   * nothing more to propose.
   */
  async ask(): Promise<TrialToRun | undefined> {
    for (;;) {
      if (this.waiting.length === 0 && !this.proposeNextPoint()) return undefined;
      const { point, seed } = this.waiting.shift()!;
      const trial = await this.plan.resolve(point, seed);
      if (this.finishedKeys.has(trial.key) || this.running.has(trial.key)) continue;
      return trial;
    }
  }

  /** The trial is on its way: from now on it counts as running for the sampler and the pruner. */
  begin(trial: TrialToRun): StudyTrial {
    const running = new StudyTrial(trial);
    this.running.set(trial.key, running);
    return running;
  }

  /** Its process started (a run was recorded for it). */
  started(trial: StudyTrial): void {
    this.startedHere.add(trial.key);
  }

  /**
   * Records the metrics a trial logged at `step`; true when the trial should now be pruned (said
   * once: the pruner is asked again only about trials it has not stopped).
   */
  observe(trial: StudyTrial, step: number, values: Readonly<Record<string, number>>): boolean {
    const value = values[this.plan.metric];
    if (value === undefined) return false;
    trial.result.curve.push({ step, value });
    trial.result.value = value;
    if (trial.pruned || !this.plan.pruner.shouldStop(trial.result.curve, this.othersThan(trial.key), this.plan.goal)) return false;
    trial.pruned = true;
    return true;
  }

  /** The trial ended: it runs no more, and if it finished it is never run again. */
  tell(trial: StudyTrial, status: TrialStatus): void {
    trial.result.status = status;
    this.running.delete(trial.key);
    if (!FINISHED_STATUSES.has(status)) return;
    this.finishedKeys.add(trial.key);
    this.finished.push(trial.result);
  }

  /** Asks the sampler for a point, within the budget, and queues it once per seed. */
  private proposeNextPoint(): boolean {
    if (this.proposedPoints >= this.plan.plannedPoints) return false;
    const point = this.plan.sampler.propose([...this.finished, ...this.runningResults()]);
    if (point === undefined) return false;
    this.proposedPoints++;
    for (const seed of this.plan.seeds) this.waiting.push({ point, seed });
    return true;
  }

  /** Every trial the pruner compares `key` with: the finished ones and the others running. */
  private othersThan(key: string): TrialResult[] {
    return [...this.finished, ...[...this.running.values()].filter((trial) => trial.key !== key).map((trial) => trial.result)];
  }

  private runningResults(): TrialResult[] {
    return [...this.running.values()].map((trial) => trial.result);
  }
}
