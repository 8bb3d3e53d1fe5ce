// A sweep's report, gathered from the store: the leaderboard (as `folio sweeps show --json` ranks
// it), importance, every trial's objective, the best points' curves and samples, how the sweep ran.
import { formatParameterValue } from '../present/sweep-format.js';
import { importanceOfRanking, variedParameters } from '../sweep/importance.js';
import { bestConfigYaml } from '../sweep/stored-sweep.js';
import type { StoreReader } from '../tracking/store-reader.js';
import { curveSeries } from './curves.js';
import { provenanceOf } from './provenance.js';
import type { Leaderboard, LeaderboardPoint, SampleText, SweepReport } from './types.js';

export interface SweepReportOptions {
  /** Best points whose curves are drawn. */
  topCurves?: number;
  /** Best points whose last sample is shown. */
  topSamples?: number;
  now?: number;
}

export function sweepReportData(reader: StoreReader, leaderboard: Leaderboard, options: SweepReportOptions = {}): SweepReport {
  const completed = leaderboard.points.filter((point) => point.tier === 'completed');
  const parameters = variedParameters(leaderboard.spec);
  const label = (point: LeaderboardPoint) => pointLabel(point, parameters.map((parameter) => parameter.path));
  const top = completed.slice(0, options.topCurves ?? 5);
  const trials = leaderboard.points.flatMap((point) =>
    point.trials.map((trial) => ({ runId: trial.runId, rank: point.rank, point: point.point, status: trial.status, seed: trial.seed, value: finiteOrNull(trial.value) })),
  );
  return {
    kind: 'sweep',
    leaderboard,
    parameters,
    importance: importanceOfRanking(leaderboard.points, leaderboard.spec),
    trials,
    topCurves: curveSeries(reader, leaderboard.metric, top.map((point) => ({ label: label(point), runIds: completedRuns(point) }))),
    bestConfigYaml: leaderboard.best === null ? undefined : bestConfigYaml(leaderboard.best.config, `best point of sweep ${leaderboard.id} (${leaderboard.name}): the resolved config of run ${leaderboard.best.runId}`),
    samples: completed.slice(0, options.topSamples ?? 3).flatMap((point) => lastSample(reader, point, label(point), leaderboard.goal)),
    earlyStop: earlyStopText(leaderboard.spec),
    provenance: provenanceOf(reader, trials.map((trial) => trial.runId), options.now ?? Date.now()),
  };
}

/** "#1 optimizer.lr=3e-3 model.n_layer=4": the point's rank and the values of the parameters at `paths`. */
export function pointLabel(point: Pick<LeaderboardPoint, 'rank' | 'point'>, paths: readonly string[]): string {
  const values = paths.map((path) => `${path}=${formatParameterValue(point.point[path])}`);
  return `#${point.rank} ${values.join(' ')}`.trimEnd();
}

function completedRuns(point: LeaderboardPoint): number[] {
  return point.trials.filter((trial) => trial.status === 'completed').map((trial) => trial.runId);
}

/** The newest sample of the point's best completed trial. */
function lastSample(reader: StoreReader, point: LeaderboardPoint, label: string, goal: Leaderboard['goal']): SampleText[] {
  const usable = point.trials.filter((t) => t.status === 'completed' && typeof t.value === 'number' && Number.isFinite(t.value));
  const sign = goal === 'minimize' ? 1 : -1;
  const trial = usable.sort((a, b) => sign * (a.value! - b.value!))[0] ?? point.trials[0];
  const sample = trial === undefined ? undefined : reader.getRun(trial.runId)?.samples.at(-1);
  return trial === undefined || sample === undefined ? [] : [{ label, runId: trial.runId, step: sample.step, prompt: sample.prompt, text: sample.text }];
}

function earlyStopText(spec: unknown): string | undefined {
  const earlyStop = typeof spec === 'object' && spec !== null ? (spec as { earlyStop?: unknown }).earlyStop : undefined;
  if (typeof earlyStop !== 'object' || earlyStop === null) return undefined;
  const { type, ...settings } = earlyStop as { type?: unknown };
  return `${String(type)} (${Object.entries(settings).map(([key, value]) => `${key} ${String(value)}`).join(', ')})`;
}

function finiteOrNull(value: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
