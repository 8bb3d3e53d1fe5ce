// Mean and spread of the values a group of runs (seeds of one setting) reached.

export interface Spread {
  mean: number;
  /** Sample standard deviation; undefined with fewer than two values. */
  std: number | undefined;
  min: number;
  max: number;
  /** How many values: non-finite ones (a diverged seed) are left out. */
  count: number;
}

/** Undefined when no value is finite. */
export function spreadOf(values: readonly (number | null | undefined)[]): Spread | undefined {
  const finite = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (finite.length === 0) return undefined;
  const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
  const std =
    finite.length < 2 ? undefined : Math.sqrt(finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (finite.length - 1));
  return { mean, std, min: Math.min(...finite), max: Math.max(...finite), count: finite.length };
}
