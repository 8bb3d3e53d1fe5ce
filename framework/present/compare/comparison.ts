// What comparing runs shows, gathered from the store: each run (or each group of runs that differ
// only by seed) with its val-loss curve and final figures, and the config keys that differ.
// The Compare view and `folio compare` both draw this.
import type { SweepPoint } from '../../sweep/analysis.js';
import { formatPoint } from '../../sweep/point-label.js';
import { readStoredSweep, type StoredTrial } from '../../sweep/stored-sweep.js';
import type { RunSample } from '../../tracking/store.js';
import { TOKENS_PER_SECOND_KEY, unionRange, type CurvePoint, type RunOverview, type StepRange, type StoreReader } from '../../tracking/store-reader.js';
import { VAL_LOSS_KEY } from '../../tracking/store.js';
import { configDiff, configWithout, type DiffRow } from './config-diff.js';
import { spreadOf, type Spread } from './statistics.js';

export interface ComparedRun {
  overview: RunOverview;
  config: unknown;
  error: string | null;
  /** Oldest first. */
  samples: RunSample[];
  trainLoss: number | null;
  durationMs: number;
}

/** A line of the comparison: one run, or the seeds of one setting when grouped. */
export interface CompareEntry {
  label: string;
  runs: ComparedRun[];
  /** Mean val loss per bucket; low/high are the lowest and highest run in the bucket (a band). */
  curve: CurvePoint[];
  finalValLoss: Spread | undefined;
  bestValLoss: Spread | undefined;
  trainLoss: Spread | undefined;
  steps: Spread | undefined;
  tokensPerSecond: Spread | undefined;
  durationMs: Spread | undefined;
  /** When grouped and the runs are the seeds of one point of a sweep: that point as the sweep ranks it. */
  sweepPoint: SweepPointStanding | undefined;
}

/** A point of a sweep as its analysis stands it (see framework/sweep/analysis.ts): the same rank and objective as `folio sweeps show`. */
export interface SweepPointStanding {
  sweepId: number;
  metric: string;
  rank: number | undefined;
  tier: SweepPoint['tier'];
  objective: number | undefined;
  std: number | undefined;
  basis: SweepPoint['basis'];
  seeds: { completed: number; total: number };
}

export interface Comparison {
  runs: ComparedRun[];
  entries: CompareEntry[];
  grouped: boolean;
  /** Config keys that differ, one value per entry (a group's seeds listed under `seed`). */
  diff: DiffRow[];
  /** The val-loss steps every curve was sampled over. */
  range: StepRange | undefined;
}

export interface CompareOptions {
  /** Group runs whose configs differ only by seed. */
  groupSeeds?: boolean;
  /** Points per curve (the chart's width in dots). */
  points?: number;
  now?: number;
}

/** The config paths that say which seed a run had. */
const SEED_PATHS = ['seed'];
const DEFAULT_POINTS = 120;

/** Throws nothing: ids must be runs of the store (the caller checks with `missingRuns`). */
export function compareRuns(reader: StoreReader, ids: readonly number[], options: CompareOptions = {}): Comparison {
  const now = options.now ?? Date.now();
  const overviews = new Map(reader.runsWithIds(ids).map((run) => [run.id, run]));
  const runs = ids.flatMap((id) => {
    const overview = overviews.get(id);
    const detail = reader.getRun(id);
    if (overview === undefined || detail === undefined) return [];
    return [{ overview, config: detail.config, error: detail.error, samples: detail.samples, trainLoss: detail.trainLoss, durationMs: durationOf(overview, now) }];
  });
  const grouped = options.groupSeeds ?? false;
  const members = grouped ? groupBySetting(runs) : runs.map((run) => [run]);
  const range = unionRange(runs.map((run) => reader.stepRange(run.overview.id, VAL_LOSS_KEY)));
  const points = options.points ?? DEFAULT_POINTS;
  const entries = members.map((group) => entryOf(reader, group, range, points));
  const ranked = grouped ? withSweepPoints(reader, entries) : entries;
  return { runs, entries: ranked, grouped, diff: configDiff(ranked.map(entryConfig)), range };
}

/** The ids that are not runs of the store. */
export function missingRuns(reader: StoreReader, ids: readonly number[]): number[] {
  const known = new Set(reader.runsWithIds(ids).map((run) => run.id));
  return ids.filter((id) => !known.has(id));
}

/** Runs whose configs are equal but for the seed, in the order their first run was given. */
export function groupBySetting<T extends { config: unknown }>(runs: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const run of runs) {
    const key = configWithout(run.config, SEED_PATHS);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()];
}

function entryOf(reader: StoreReader, runs: ComparedRun[], range: StepRange | undefined, points: number): CompareEntry {
  const curves = range === undefined ? [] : runs.map((run) => reader.curveOf(run.overview.id, VAL_LOSS_KEY, points, range));
  const pick = (figure: (run: ComparedRun) => number | null | undefined) => spreadOf(runs.map(figure));
  return {
    label: labelOf(runs),
    runs,
    curve: curves.length === 1 ? curves[0]! : meanCurve(curves),
    finalValLoss: pick((run) => run.overview.valLoss),
    bestValLoss: pick((run) => run.overview.bestValLoss),
    trainLoss: pick((run) => run.trainLoss),
    steps: pick((run) => run.overview.steps),
    tokensPerSecond: pick((run) => run.overview.tokensPerSecond ?? reader.lastValue(run.overview.id, TOKENS_PER_SECOND_KEY)),
    durationMs: pick((run) => run.durationMs),
    sweepPoint: undefined,
  };
}

/**
 * Groups that are the seeds of one point of a sweep take the sweep's own standing of that point:
 * its final val loss is over the completed seeds only (a pruned or interrupted seed is not a
 * result), and when every group is a point of the same sweep they are listed in its rank order.
 */
function withSweepPoints(reader: StoreReader, entries: CompareEntry[]): CompareEntry[] {
  const analyses = new Map<number, { metric: string; points: SweepPoint<StoredTrial>[] } | undefined>();
  const standing = (entry: CompareEntry): CompareEntry => {
    const sweepId = entry.runs[0]!.overview.sweepId;
    if (sweepId === null || entry.runs.some((run) => run.overview.sweepId !== sweepId)) return entry;
    if (!analyses.has(sweepId)) {
      const summary = reader.getSweep(sweepId);
      const sweep = summary === undefined ? undefined : readStoredSweep(reader, summary);
      analyses.set(sweepId, sweep === undefined ? undefined : { metric: sweep.settings.metric, points: sweep.analysis.points });
    }
    const sweep = analyses.get(sweepId);
    const ids = new Set(entry.runs.map((run) => run.overview.id));
    const point = sweep?.points.find((p) => p.trials.some((trial) => ids.has(trial.runId)));
    if (sweep === undefined || point === undefined) return entry;
    const sweepPoint: SweepPointStanding = {
      sweepId,
      metric: sweep.metric,
      rank: point.rank,
      tier: point.tier,
      objective: point.objective,
      std: point.std,
      basis: point.basis,
      seeds: point.seeds,
    };
    const completedIds = new Set(point.trials.filter((trial) => trial.status === 'completed').map((trial) => trial.runId));
    const results = entry.runs.filter((run) => completedIds.has(run.overview.id));
    return {
      ...entry,
      label: `${rankText(point)} ${entry.runs.map((run) => `#${run.overview.id}`).join(',')} ${formatPoint(point.point)} (${point.seeds.completed}/${point.seeds.total} seeds completed)`,
      finalValLoss: spreadOf(results.map((run) => run.overview.valLoss)),
      sweepPoint,
    };
  };
  const standings = entries.map(standing);
  const oneSweep = standings.every((entry) => entry.sweepPoint !== undefined && entry.sweepPoint.sweepId === standings[0]!.sweepPoint?.sweepId);
  if (!oneSweep) return standings;
  const order = (entry: CompareEntry) => entry.sweepPoint!.rank ?? Number.POSITIVE_INFINITY;
  return [...standings].sort((a, b) => order(a) - order(b));
}

/** Bucket by bucket over runs sampled on the same range: their mean, and lowest and highest value. */
export function meanCurve(curves: readonly CurvePoint[][]): CurvePoint[] {
  const buckets = new Map<number, CurvePoint[]>();
  for (const curve of curves) for (const point of curve) buckets.set(point.bucket, [...(buckets.get(point.bucket) ?? []), point]);
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, inBucket]) => {
      const spread = spreadOf(inBucket.map((point) => point.value));
      const step = Math.max(...inBucket.map((point) => point.step));
      return spread === undefined
        ? { bucket, step, value: NaN, low: NaN, high: NaN }
        : { bucket, step, value: spread.mean, low: spread.min, high: spread.max };
    });
}


/** "rank 2", "rank 3*" (a seed was pruned: its tier), or "unranked": as `folio sweeps show` writes it. */
function rankText(point: SweepPoint): string {
  return point.rank === undefined ? 'unranked' : `rank ${point.rank}${point.tier === 'pruned' ? '*' : ''}`;
}

/** "#12 lr-3e-3", or for seeds of one setting "#12,#13,#14 lr-3e-3 (3 seeds)". */
function labelOf(runs: readonly ComparedRun[]): string {
  const first = runs[0]!.overview;
  if (runs.length === 1) return `#${first.id} ${first.name}`;
  return `${runs.map((run) => `#${run.overview.id}`).join(',')} ${first.name} (${runs.length} seeds)`;
}

/** A group's config is its first run's, with the seeds of all its runs under `seed`. */
function entryConfig(entry: CompareEntry): unknown {
  const config = entry.runs[0]!.config;
  if (entry.runs.length === 1 || config === null || typeof config !== 'object') return config;
  return { ...(config as Record<string, unknown>), seed: entry.runs.map((run) => run.overview.seed).join(',') };
}

/** Wall time: to the end, to now while running, to the last heartbeat once crashed. */
export function durationOf(run: Pick<RunOverview, 'startedAt' | 'endedAt' | 'status' | 'heartbeatAt'>, now: number): number {
  const end = run.endedAt ?? (run.status === 'running' ? now : run.heartbeatAt);
  return end - run.startedAt;
}
