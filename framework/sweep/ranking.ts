// Ranks a sweep's points: trials grouped by the values at the sweep's parameter paths, each point's
// objective the mean over its seeds, best first. Pure: the store, the CLI and the leaderboard feed it.
import { stringify as toYaml } from 'yaml';
import type { Goal, ParameterSpace, Point, SweepSpec } from './types.js';

/** What ranking needs of a trial: its status and seed (a store row, or the leaderboard's state). */
export interface RankableTrial {
  status: string;
  seed: number;
  /** The highest step it reached; null or undefined before its first log. */
  lastStep?: number | null;
}

/** How a point stands in the ranking, best tier first. */
export type RankTier =
  /** At least one completed trial with a value: ranked by the mean over those. */
  | 'completed'
  /** Only stopped early (or still running): ranked after every completed point, by what they reached. */
  | 'partial'
  /** No value at all (failed, diverged, not logged yet): last. */
  | 'none';

export interface RankedPoint<T extends RankableTrial> {
  /** 1-based place in the ranking. */
  rank: number;
  point: Point;
  /** The point's trials, in the order they came in. */
  trials: T[];
  tier: RankTier;
  /** Mean objective over the trials the tier counts; undefined when there is none. */
  mean: number | undefined;
  /** Sample standard deviation over the same values; undefined with fewer than two. */
  std: number | undefined;
  /** How many values the mean is over. */
  values: number;
  /** Distinct seeds among the point's trials. */
  seeds: number;
  /** Trials by status ("completed": 2, "pruned": 1). */
  statuses: Record<string, number>;
  /** Lowest and highest step its trials reached; undefined before any logged. */
  steps: { min: number; max: number } | undefined;
}

/**
 * Groups trials by their point (read from each trial's resolved config at the spec's parameter
 * paths) and ranks the points best first by `goal`: points with completed trials by the mean of
 * their objective, then points that were only pruned or are still running, then points without
 * a value. `valueOf` gives a trial's objective (its last value of the sweep's metric).
 */
export function rankPoints<T extends RankableTrial & { config: unknown }>(
  trials: readonly T[],
  spec: Pick<SweepSpec, 'metric' | 'goal' | 'parameters'>,
  valueOf: (trial: T) => number | undefined,
): RankedPoint<T>[] {
  return rankTrialsByPoint(trials, (trial) => pointOf(trial.config, spec.parameters), valueOf, spec.goal);
}

/** rankPoints for trials that already know their point (the leaderboard's, from trial-start events). */
export function rankTrialsByPoint<T extends RankableTrial>(
  trials: readonly T[],
  pointOfTrial: (trial: T) => Point,
  valueOf: (trial: T) => number | undefined,
  goal: Goal,
): RankedPoint<T>[] {
  const groups = new Map<string, { point: Point; trials: T[] }>();
  for (const trial of trials) {
    const point = pointOfTrial(trial);
    const key = pointKey(point);
    const group = groups.get(key) ?? { point, trials: [] };
    group.trials.push(trial);
    groups.set(key, group);
  }
  const unranked = [...groups.values()].map(({ point, trials: members }) => summarizePoint(point, members, valueOf));
  unranked.sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || compareValues(a.mean, b.mean, goal));
  return unranked.map((point, i) => ({ ...point, rank: i + 1 }));
}

/** The value at each parameter's dotted path ("model.attention.n_head") of a resolved config. */
export function pointOf(config: unknown, parameters: readonly Pick<ParameterSpace, 'path'>[]): Point {
  const point: Point = {};
  for (const { path } of parameters) point[path] = valueAtPath(config, path);
  return point;
}

/** Reads a dotted path through objects (and arrays, by index); undefined where it leads nowhere. */
export function valueAtPath(root: unknown, path: string): unknown {
  let node = root;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * The best point's full resolved config as YAML, ready to save and `folio run`; `comment` (say,
 * where it came from) goes on top as `#` lines.
 */
export function bestConfigYaml(config: unknown, comment?: string): string {
  const header = comment === undefined ? '' : comment.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n') + '\n';
  return header + toYaml(config);
}

/** Whether `a` beats `b` under `goal`; a missing or non-finite value never beats anything. */
export function isBetter(a: number | undefined, b: number | undefined, goal: Goal): boolean {
  return compareValues(a, b, goal) < 0;
}

/** Sort order for objective values: best first under `goal`, missing and non-finite values last. */
export function compareValues(a: number | undefined, b: number | undefined, goal: Goal): number {
  const aKnown = isUsable(a);
  const bKnown = isUsable(b);
  if (!aKnown || !bKnown) return Number(!aKnown) - Number(!bKnown);
  return goal === 'minimize' ? a! - b! : b! - a!;
}

const TIER_ORDER: Record<RankTier, number> = { completed: 0, partial: 1, none: 2 };

/** Statuses whose value says something about the point, though the trial did not finish. */
const PARTIAL_STATUSES = new Set(['pruned', 'running']);

function summarizePoint<T extends RankableTrial>(
  point: Point,
  trials: T[],
  valueOf: (trial: T) => number | undefined,
): Omit<RankedPoint<T>, 'rank'> {
  const valuesWhere = (keep: (status: string) => boolean) =>
    trials.filter((trial) => keep(trial.status)).map(valueOf).filter(isUsable);
  const completed = valuesWhere((status) => status === 'completed');
  const partial = valuesWhere((status) => PARTIAL_STATUSES.has(status));
  const [tier, counted]: [RankTier, number[]] =
    completed.length > 0 ? ['completed', completed] : partial.length > 0 ? ['partial', partial] : ['none', []];
  const statuses: Record<string, number> = {};
  for (const trial of trials) statuses[trial.status] = (statuses[trial.status] ?? 0) + 1;
  const reached = trials.map((trial) => trial.lastStep).filter((step): step is number => typeof step === 'number');
  return {
    point,
    trials,
    tier,
    mean: counted.length === 0 ? undefined : mean(counted),
    std: counted.length < 2 ? undefined : sampleStd(counted),
    values: counted.length,
    seeds: new Set(trials.map((trial) => trial.seed)).size,
    statuses,
    steps: reached.length === 0 ? undefined : { min: Math.min(...reached), max: Math.max(...reached) },
  };
}

/** Points are equal when their values are (JSON is exact for the numbers and strings configs hold). */
function pointKey(point: Point): string {
  return JSON.stringify(Object.entries(point).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
