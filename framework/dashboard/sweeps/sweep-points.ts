// A recorded sweep as the Sweep screen shows it: its objective, its trials grouped into points and
// ranked (framework/sweep/ranking.ts, as `folio sweeps show` ranks them), and the objective against
// one parameter.
import { pointOf, rankTrialsByPoint, type RankedPoint } from '../../sweep/ranking.js';
import type { Goal } from '../../sweep/types.js';
import type { StoreReader } from '../../tracking/store-reader.js';
import { VAL_LOSS_KEY, type TrialRow } from '../../tracking/store.js';

export interface SweepObjective {
  metric: string;
  goal: Goal;
  /** The dotted paths the sweep varies. */
  paths: string[];
}

export interface RankedSweep {
  objective: SweepObjective;
  points: RankedPoint<TrialRow>[];
  /** Each trial's objective (its last value of the metric), by run id. */
  values: Map<number, number | undefined>;
}

/** What the stored spec says about the objective, read defensively (an older Folio's spec may lack fields). */
export function objectiveOf(spec: unknown): SweepObjective {
  const fields = (typeof spec === 'object' && spec !== null ? spec : {}) as { metric?: unknown; goal?: unknown; parameters?: unknown };
  const parameters = Array.isArray(fields.parameters) ? (fields.parameters as unknown[]) : [];
  return {
    metric: typeof fields.metric === 'string' ? fields.metric : VAL_LOSS_KEY,
    goal: fields.goal === 'maximize' ? 'maximize' : 'minimize',
    paths: parameters.flatMap((p) => (typeof p === 'object' && p !== null && typeof (p as { path?: unknown }).path === 'string' ? [(p as { path: string }).path] : [])),
  };
}

export function rankSweep(reader: StoreReader, sweepId: number, spec: unknown): RankedSweep {
  const objective = objectiveOf(spec);
  const trials = reader.sweepTrials(sweepId);
  const valueOf = (trial: TrialRow) => (objective.metric === VAL_LOSS_KEY ? (trial.valLoss ?? undefined) : reader.lastValue(trial.id, objective.metric));
  const values = new Map(trials.map((trial) => [trial.id, valueOf(trial)]));
  const parameters = objective.paths.map((path) => ({ path }));
  const points = rankTrialsByPoint(trials, (trial) => pointOf(trial.config, parameters), (trial) => values.get(trial.id), objective.goal);
  return { objective, points, values };
}

export interface ParameterAxis {
  /** One point per trial with a finite objective: x is the parameter's value (or its category's index). */
  points: { x: number; y: number }[];
  /** Whether x is log10 of the value (a parameter spanning decades, like a learning rate). */
  log: boolean;
  /** Category names when the parameter is not a number, by index. */
  categories: string[] | undefined;
}

/** The objective of every trial against the parameter at `path`. */
export function objectiveAgainst(sweep: RankedSweep, path: string): ParameterAxis {
  const pairs = sweep.points.flatMap((point) =>
    point.trials.flatMap((trial) => {
      const y = sweep.values.get(trial.id);
      return y === undefined || !Number.isFinite(y) ? [] : [{ value: point.point[path], y }];
    }),
  );
  const numeric = pairs.every((pair) => typeof pair.value === 'number');
  if (!numeric) {
    const categories = [...new Set(pairs.map((pair) => JSON.stringify(pair.value)))].sort();
    return { points: pairs.map((pair) => ({ x: categories.indexOf(JSON.stringify(pair.value)), y: pair.y })), log: false, categories };
  }
  const xs = pairs.map((pair) => pair.value as number);
  const log = xs.length > 0 && xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) >= 10;
  return { points: pairs.map((pair) => ({ x: log ? Math.log10(pair.value as number) : (pair.value as number), y: pair.y })), log, categories: undefined };
}
