// The objective of a sweep's results against one of its parameters: what the Sweep screen plots.
// Only results are plotted, and only completed ones: a pruned trial's value is from an earlier
// step, and interrupted, crashed or failed trials have none that means anything.
import type { SweepAnalysis } from './analysis.js';

export interface ParameterAxis {
  /** One point per completed trial with a finite value: x is the parameter's value (or its category's index). */
  points: { x: number; y: number }[];
  /** Whether x is log10 of the value (a parameter spanning decades, like a learning rate). */
  log: boolean;
  /** Category names when the parameter is not a number, by index. */
  categories: string[] | undefined;
}

export function objectiveAgainst(analysis: SweepAnalysis, path: string): ParameterAxis {
  const pairs = analysis.points.flatMap((point) =>
    point.trials.flatMap((trial) =>
      trial.status === 'completed' && trial.value !== undefined && Number.isFinite(trial.value) ? [{ value: point.point[path], y: trial.value }] : [],
    ),
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
