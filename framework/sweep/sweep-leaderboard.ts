// A sweep's leaderboard as data: what `folio sweeps show --json` prints, and what a report embeds.
// One document per sweep, built from the analysis (analysis.ts), so it agrees with every view.
import type { SweepSummary } from '../tracking/store.js';
import type { SweepCounts, SweepPoint } from './analysis.js';
import { readStoredSweep, representativeTrial, type StoredSweep, type StoredTrial, type SweepSource } from './stored-sweep.js';
import type { Goal, Point } from './types.js';

/** A store that can name a sweep by id as well as read its trials (RunStore, StoreReader). */
export interface LeaderboardSource extends SweepSource {
  getSweep(id: number): SweepSummary | undefined;
}

export interface LeaderboardTrial {
  runId: number;
  name: string;
  seed: number;
  status: string;
  /** The sweep's metric at the trial's last evaluation; null before its first (NaN stays NaN: a diverged value). */
  value: number | null;
  lastStep: number | null;
}

export interface LeaderboardPoint {
  /** Null for an unranked point (no completed or pruned trial with a value). */
  rank: number | null;
  point: Point;
  tier: SweepPoint['tier'];
  /** The point's objective: the mean over `basis` trials' values. */
  mean: number | null;
  std: number | null;
  basis: SweepPoint['basis'] | null;
  /** How many values the mean is over. */
  values: number;
  seeds: { completed: number; total: number };
  statuses: SweepPoint['statuses'];
  trials: LeaderboardTrial[];
}

/** `folio sweeps list --json`: one per sweep. */
export interface SweepListEntry {
  id: number;
  name: string;
  status: string;
  method: string | null;
  metric: string;
  goal: Goal;
  createdAt: number;
  updatedAt: number;
  counts: Omit<SweepCounts, 'planned'> & { planned: number | null };
  best: LeaderboardPoint | null;
}

/** `folio sweeps show --json`. */
export interface SweepLeaderboard extends Omit<SweepListEntry, 'best'> {
  spec: unknown;
  points: LeaderboardPoint[];
  best: (LeaderboardPoint & { runId: number; config: unknown }) | null;
}

/**
 * The leaderboard of sweep `sweepId` exactly as `folio sweeps show <id> --json` prints it (points
 * ranked best first, counts by status, the best point with its config); undefined when the store
 * has no such sweep. For reports and scripts: the one place a sweep's ranking comes from.
 */
export function sweepLeaderboard(source: LeaderboardSource, sweepId: number): SweepLeaderboard | undefined {
  const summary = source.getSweep(sweepId);
  return summary === undefined ? undefined : leaderboardOf(readStoredSweep(source, summary));
}

export function leaderboardOf(sweep: StoredSweep): SweepLeaderboard {
  const { best } = sweep.analysis;
  const bestTrial = best === undefined ? undefined : representativeTrial(best);
  return {
    ...listEntryOf(sweep),
    spec: sweep.summary.spec,
    points: sweep.analysis.points.map(pointEntry),
    best: best === undefined ? null : { ...pointEntry(best), runId: bestTrial!.runId, config: bestTrial!.config },
  };
}

export function listEntryOf(sweep: StoredSweep): SweepListEntry {
  const { summary, settings, analysis } = sweep;
  return {
    id: summary.id,
    name: summary.name,
    status: summary.status,
    method: settings.method ?? null,
    metric: settings.metric,
    goal: settings.goal,
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
    counts: { ...analysis.counts, planned: analysis.counts.planned ?? null },
    best: analysis.best === undefined ? null : pointEntry(analysis.best),
  };
}

function pointEntry(point: SweepPoint<StoredTrial>): LeaderboardPoint {
  return {
    rank: point.rank ?? null,
    point: point.point,
    tier: point.tier,
    mean: point.objective ?? null,
    std: point.std ?? null,
    basis: point.basis ?? null,
    values: point.values.length,
    seeds: point.seeds,
    statuses: point.statuses,
    trials: point.trials.map((trial) => ({
      runId: trial.runId,
      name: trial.name,
      seed: trial.seed,
      status: trial.status,
      value: trial.value ?? null,
      lastStep: trial.lastStep ?? null,
    })),
  };
}
