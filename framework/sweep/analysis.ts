// A sweep's state, computed once: its trials grouped into points, each point's objective, tier and
// rank, and the sweep's counts by status. Every view of a sweep (the live leaderboard, the plain
// log, `folio sweeps list/show`, --best-config, the dashboard's sweep screens, `compare
// --group-seeds`, reports) reads this and computes none of it again. The rules are in docs/sweeps.md.
import { pointKey } from './samplers/grid.js';
import type { Goal, Point, TrialStatus } from './types.js';

/** What the analysis needs of one trial: a store row, or the live leaderboard's trial. */
export interface SweepTrial {
  runId: number;
  /** The trial's identity in its sweep (hash of resolved config and seed); null for runs of an older Folio. */
  trialKey: string | null;
  point: Point;
  seed: number;
  status: TrialStatus;
  /** The sweep's metric at the trial's last evaluation; undefined before its first. */
  value: number | undefined;
  /** The highest step it reached; undefined before its first log. */
  lastStep: number | undefined;
}

/**
 * How a point stands, best tier first. `completed`: no seed was pruned and at least one completed.
 * `pruned`: a seed was pruned (its curve was cut short, so the point did not hold up on every
 * seed). `unranked`: no result at all yet (running, interrupted, crashed, failed, diverged).
 */
export type PointTier = 'completed' | 'pruned' | 'unranked';

export interface SweepPoint<T extends SweepTrial = SweepTrial> {
  /** 1-based place in the ranking; undefined for an unranked point. */
  rank: number | undefined;
  point: Point;
  /** One per trial (the newest attempt of each), in the order they were recorded. */
  trials: T[];
  tier: PointTier;
  /** The mean of `values`: over the completed seeds, or (a point with pruned seeds only) over the pruned ones. */
  objective: number | undefined;
  /** Sample standard deviation of `values`; undefined with fewer than two. */
  std: number | undefined;
  /** Which trials the objective is over. */
  basis: 'completed' | 'pruned' | undefined;
  values: number[];
  /** Seeds that completed, of the seeds the point runs (the spec's, or more if more were recorded). */
  seeds: { completed: number; total: number };
  statuses: StatusCounts;
  /** Lowest and highest step its trials reached; undefined before any logged. */
  steps: { min: number; max: number } | undefined;
}

/** Trials by status, each trial once. */
export type StatusCounts = Partial<Record<TrialStatus, number>>;

/**
 * The sweep's trials by how they stand; the parts add up to `planned` (when the plan is known and
 * no more trials were recorded than it holds). Only completed and pruned trials are done.
 */
export interface SweepCounts {
  /** Trials in the whole sweep (points x seeds), fixed by the spec; undefined when the spec does not say. */
  planned: number | undefined;
  /** completed + pruned. */
  done: number;
  completed: number;
  pruned: number;
  running: number;
  /** Planned trials not started yet. */
  waiting: number;
  interrupted: number;
  crashed: number;
  failed: number;
  diverged: number;
  /** Trials recorded (each once, however many attempts it took). */
  recorded: number;
}

export interface SweepAnalysis<T extends SweepTrial = SweepTrial> {
  goal: Goal;
  /** Ranked points first (best first), then the unranked ones in the order they were recorded. */
  points: SweepPoint<T>[];
  /** The top point, when its objective is over completed seeds. */
  best: SweepPoint<T> | undefined;
  counts: SweepCounts;
}

export interface SweepPlan {
  goal: Goal;
  /** Seeds each point runs: the spec's seeds, 1 when it names none. */
  seedsPerPoint: number;
  /** Trials in the whole sweep; undefined when the spec does not say. */
  plannedTrials: number | undefined;
}

/** The trials' points, ranked under the rules of docs/sweeps.md, and the sweep's counts. */
export function analyseSweep<T extends SweepTrial>(trials: readonly T[], plan: SweepPlan): SweepAnalysis<T> {
  const current = newestAttempts(trials);
  const points = groupByPoint(current).map((group) => summarizePoint(group.point, group.trials, plan.seedsPerPoint));
  const ranked = points.filter((point) => point.tier !== 'unranked').sort((a, b) => comparePoints(a, b, plan.goal));
  ranked.forEach((point, i) => (point.rank = i + 1));
  const unranked = points.filter((point) => point.tier === 'unranked');
  const top = ranked[0];
  return {
    goal: plan.goal,
    points: [...ranked, ...unranked],
    best: top?.basis === 'completed' ? top : undefined,
    counts: countTrials(current, plan.plannedTrials),
  };
}

/** Sort order for objective values: best first under `goal`, missing and non-finite values last. */
export function compareValues(a: number | undefined, b: number | undefined, goal: Goal): number {
  const aKnown = isUsable(a);
  const bKnown = isUsable(b);
  if (!aKnown || !bKnown) return Number(!aKnown) - Number(!bKnown);
  return goal === 'minimize' ? a - b : b - a;
}

/** A result: a trial that ran to its end, or was stopped early by the pruner. */
export function isResult(status: TrialStatus): boolean {
  return status === 'completed' || status === 'pruned';
}

/**
 * One trial per trial key: a trial run again (a store of an older Folio restarted interrupted
 * trials as new runs) counts once, as its result if one attempt has one, else as its newest attempt.
 */
function newestAttempts<T extends SweepTrial>(trials: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const trial of [...trials].sort((a, b) => a.runId - b.runId)) {
    const key = trial.trialKey ?? `run ${trial.runId}`;
    const kept = byKey.get(key);
    if (kept === undefined || !isResult(kept.status) || isResult(trial.status)) byKey.set(key, trial);
  }
  return [...byKey.values()].sort((a, b) => a.runId - b.runId);
}

function groupByPoint<T extends SweepTrial>(trials: readonly T[]): { point: Point; trials: T[] }[] {
  const groups = new Map<string, { point: Point; trials: T[] }>();
  for (const trial of trials) {
    const key = pointKey(trial.point);
    const group = groups.get(key) ?? { point: trial.point, trials: [] };
    group.trials.push(trial);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function summarizePoint<T extends SweepTrial>(point: Point, trials: T[], seedsPerPoint: number): SweepPoint<T> {
  const valuesOf = (status: TrialStatus) => trials.filter((trial) => trial.status === status).map((trial) => trial.value).filter(isUsable);
  const completed = valuesOf('completed');
  const pruned = valuesOf('pruned');
  const hasPruned = trials.some((trial) => trial.status === 'pruned');
  const basis = completed.length > 0 ? 'completed' : pruned.length > 0 ? 'pruned' : undefined;
  const values = basis === 'completed' ? completed : basis === 'pruned' ? pruned : [];
  const tier: PointTier = basis === undefined ? 'unranked' : hasPruned ? 'pruned' : 'completed';
  const statuses: StatusCounts = {};
  for (const trial of trials) statuses[trial.status] = (statuses[trial.status] ?? 0) + 1;
  const reached = trials.map((trial) => trial.lastStep).filter((step): step is number => typeof step === 'number');
  return {
    rank: undefined,
    point,
    trials,
    tier,
    objective: values.length === 0 ? undefined : mean(values),
    std: values.length < 2 ? undefined : sampleStd(values),
    basis,
    values,
    seeds: { completed: statuses.completed ?? 0, total: Math.max(seedsPerPoint, new Set(trials.map((trial) => trial.seed)).size) },
    statuses,
    steps: reached.length === 0 ? undefined : { min: Math.min(...reached), max: Math.max(...reached) },
  };
}

const TIER_ORDER: Record<PointTier, number> = { completed: 0, pruned: 1, unranked: 2 };

/**
 * Tier first; within the pruned tier, points with a completed seed before points with pruned seeds
 * only; then the objective under the goal; then more completed seeds; then the order recorded.
 */
function comparePoints(a: SweepPoint, b: SweepPoint, goal: Goal): number {
  return (
    TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
    Number(a.basis !== 'completed') - Number(b.basis !== 'completed') ||
    compareValues(a.objective, b.objective, goal) ||
    b.seeds.completed - a.seeds.completed ||
    a.trials[0]!.runId - b.trials[0]!.runId
  );
}

function countTrials(trials: readonly SweepTrial[], planned: number | undefined): SweepCounts {
  const count = (...statuses: TrialStatus[]) => trials.filter((trial) => statuses.includes(trial.status)).length;
  const completed = count('completed');
  const pruned = count('pruned');
  return {
    planned,
    done: completed + pruned,
    completed,
    pruned,
    running: count('running'),
    waiting: Math.max(0, (planned ?? 0) - trials.length) + count('pending'),
    interrupted: count('interrupted'),
    crashed: count('crashed'),
    failed: count('failed'),
    diverged: count('diverged'),
    recorded: trials.length,
  };
}

function isUsable(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

function mean(values: number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

/** With Bessel's correction: the seeds are a sample of the seeds one could have run. */
function sampleStd(values: number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, x) => sum + (x - m) ** 2, 0) / (values.length - 1));
}
