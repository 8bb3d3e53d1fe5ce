// Which hyperparameters mattered: each parameter's share of the objective's variance across a
// sweep's completed points, by functional ANOVA over a regression forest fitted to them (Optuna's
// default evaluator). Pure and terminal-free: `folio sweeps show --importance`, the dashboard's
// sweep screen and `folio report` all draw this.
import { mainEffectShares } from './importance/fanova.js';
import { encodePoint, encodingOf } from './importance/encode.js';
import { DEFAULT_FOREST, fitForest, type ForestOptions } from './importance/regression-forest.js';
import type { ParameterSpace, Point } from './types.js';

/** One completed point and its objective (the mean over its seeds). */
export interface Observation {
  point: Point;
  value: number;
}

export interface ParameterImportance {
  path: string;
  /** Share of the importance, the parameters' shares summing to 1 (Optuna's normalised figure). */
  importance: number;
  /** The variance its main effect alone explains, as a fraction of the forest's variance (0..1). */
  varianceExplained: number;
}

export interface ImportanceResult {
  /** Most important first; empty when there were too few points to fit anything. */
  parameters: ParameterImportance[];
  /** The completed points the forest was fitted to. */
  points: number;
  /** False when so few points were in that the figures are a rough guess. */
  reliable: boolean;
  /** Why the figures are missing or unreliable; undefined when they are neither. */
  note: string | undefined;
}

/** Below this, importance is not computed at all. */
export const MIN_POINTS_TO_FIT = 3;

/** Points needed before the figures are called reliable: at least 10, and 5 per parameter. */
export function pointsForReliability(parameterCount: number): number {
  return Math.max(10, 5 * parameterCount);
}

/**
 * The importance of each of `parameters` for the objective over `observations`. Points whose value
 * is not finite or lies outside the space are left out; a parameter the sweep did not vary gets 0.
 */
export function parameterImportance(
  observations: readonly Observation[],
  parameters: readonly ParameterSpace[],
  forest: ForestOptions = DEFAULT_FOREST,
): ImportanceResult {
  const encodings = parameters.map((parameter) => encodingOf(parameter, observations.map((o) => o.point[parameter.path])));
  const rows: number[][] = [];
  const targets: number[] = [];
  for (const observation of observations) {
    const row = encodePoint(observation.point, encodings);
    if (row === undefined || !Number.isFinite(observation.value)) continue;
    rows.push(row);
    targets.push(observation.value);
  }
  const needed = pointsForReliability(parameters.length);
  if (parameters.length === 0) return { parameters: [], points: rows.length, reliable: false, note: 'the sweep varies no parameter' };
  if (rows.length < MIN_POINTS_TO_FIT) {
    return { parameters: [], points: rows.length, reliable: false, note: `${countText(rows.length)}: importance needs at least ${MIN_POINTS_TO_FIT}` };
  }
  const perTree = fitForest(rows, targets, forest)
    .map((tree) => mainEffectShares(tree, parameters.length))
    .filter((shares): shares is number[] => shares !== undefined);
  if (perTree.length === 0) {
    return { parameters: [], points: rows.length, reliable: false, note: `the objective is the same at all ${countText(rows.length)}: no parameter made a difference` };
  }
  const explained = parameters.map((_, d) => perTree.reduce((sum, shares) => sum + shares[d]!, 0) / perTree.length);
  const sum = explained.reduce((total, share) => total + share, 0);
  const ranked = parameters
    .map((parameter, d) => ({ path: parameter.path, importance: sum > 0 ? explained[d]! / sum : 0, varianceExplained: explained[d]! }))
    .sort((a, b) => b.importance - a.importance);
  const reliable = rows.length >= needed;
  const note = reliable ? undefined : `only ${countText(rows.length)}: with fewer than ${needed} for ${parameters.length} parameter${parameters.length === 1 ? '' : 's'} these figures are a rough guess`;
  return { parameters: ranked, points: rows.length, reliable, note };
}

function countText(points: number): string {
  return `${points} completed point${points === 1 ? '' : 's'}`;
}

/** What a ranking gives of each point (framework/sweep/ranking.ts's RankedPoint, or `sweeps show --json`'s points). */
export interface RankedObservation {
  point: Point;
  tier: string;
  mean: number | null | undefined;
}

/** Importance over a sweep's ranked points: those with a completed trial, at the mean over their seeds. */
export function importanceOfRanking(points: readonly RankedObservation[], spec: unknown): ImportanceResult {
  const observations = points.flatMap((point) =>
    point.tier === 'completed' && typeof point.mean === 'number' ? [{ point: point.point, value: point.mean }] : [],
  );
  return parameterImportance(observations, variedParameters(spec));
}

/**
 * The parameters a stored spec varies, read defensively (a store may hold sweeps of an older
 * Folio). A list of one value is a setting every trial shares (`train.max_iters: [300]`), not a
 * parameter that could matter: it is left out.
 */
export function variedParameters(spec: unknown): ParameterSpace[] {
  const parameters = (typeof spec === 'object' && spec !== null ? (spec as { parameters?: unknown }).parameters : undefined) ?? [];
  if (!Array.isArray(parameters)) return [];
  return parameters.filter((p): p is ParameterSpace => {
    if (typeof p !== 'object' || p === null || typeof (p as { path?: unknown }).path !== 'string') return false;
    const values = (p as { values?: unknown }).values;
    return !Array.isArray(values) || values.length > 1;
  });
}
