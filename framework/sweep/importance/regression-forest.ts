// A random forest of regression trees (CART, squared error), each grown on a bootstrap sample until
// its leaves are pure or hold one point, as Optuna's fANOVA evaluator fits with scikit-learn. A tree
// is kept as its leaves: boxes of the unit cube that partition it, each with the mean it predicts,
// which is all that the variance decomposition (fanova.ts) needs.
import { Rng } from '../../engine/rng.js';

/** A leaf's region of [0, 1]^d and its prediction. */
export interface Leaf {
  low: number[];
  high: number[];
  value: number;
}

export type Tree = Leaf[];

export interface ForestOptions {
  trees: number;
  seed: number;
  /** Deeper nodes become leaves (scikit-learn's max_depth, Optuna's 64). */
  maxDepth: number;
}

export const DEFAULT_FOREST: ForestOptions = { trees: 64, seed: 0, maxDepth: 64 };

/** Fits `options.trees` trees to rows `x` (each in [0, 1]^d) and targets `y`. */
export function fitForest(x: readonly number[][], y: readonly number[], options: ForestOptions = DEFAULT_FOREST): Tree[] {
  const rng = new Rng(options.seed);
  const dims = x[0]?.length ?? 0;
  const trees: Tree[] = [];
  for (let t = 0; t < options.trees; t++) {
    const sample = Array.from({ length: x.length }, () => rng.int(x.length));
    const leaves: Leaf[] = [];
    grow(x, y, sample, Array(dims).fill(0), Array(dims).fill(1), 0, options.maxDepth, leaves);
    trees.push(leaves);
  }
  return trees;
}

function grow(x: readonly number[][], y: readonly number[], rows: number[], low: number[], high: number[], depth: number, maxDepth: number, leaves: Leaf[]): void {
  const split = depth < maxDepth ? bestSplit(x, y, rows) : undefined;
  if (split === undefined) {
    leaves.push({ low, high, value: mean(rows.map((row) => y[row]!)) });
    return;
  }
  const left = rows.filter((row) => x[row]![split.dim]! <= split.threshold);
  const right = rows.filter((row) => x[row]![split.dim]! > split.threshold);
  grow(x, y, left, low, withAt(high, split.dim, split.threshold), depth + 1, maxDepth, leaves);
  grow(x, y, right, withAt(low, split.dim, split.threshold), high, depth + 1, maxDepth, leaves);
}

/** The split that lowers the squared error most, halfway between two neighbouring values; none when no split helps. */
function bestSplit(x: readonly number[][], y: readonly number[], rows: readonly number[]): { dim: number; threshold: number } | undefined {
  if (rows.length < 2) return undefined;
  const dims = x[rows[0]!]!.length;
  const total = rows.reduce((sum, row) => sum + y[row]!, 0);
  const totalSquares = rows.reduce((sum, row) => sum + y[row]! ** 2, 0);
  const parentError = totalSquares - total ** 2 / rows.length;
  let best: { dim: number; threshold: number; error: number } | undefined;
  for (let dim = 0; dim < dims; dim++) {
    const sorted = [...rows].sort((a, b) => x[a]![dim]! - x[b]![dim]!);
    let leftSum = 0;
    let leftSquares = 0;
    for (let i = 0; i < sorted.length - 1; i++) {
      const value = y[sorted[i]!]!;
      leftSum += value;
      leftSquares += value ** 2;
      const here = x[sorted[i]!]![dim]!;
      const next = x[sorted[i + 1]!]![dim]!;
      if (here === next) continue;
      const n = i + 1;
      const rightSum = total - leftSum;
      const error = leftSquares - leftSum ** 2 / n + (totalSquares - leftSquares) - rightSum ** 2 / (rows.length - n);
      if (best === undefined || error < best.error) best = { dim, threshold: (here + next) / 2, error };
    }
  }
  // Rounding can leave a pure node's error a hair above zero: only a real gain splits.
  return best !== undefined && best.error < parentError - 1e-12 * Math.max(1, Math.abs(totalSquares)) ? best : undefined;
}

function withAt(values: number[], index: number, value: number): number[] {
  const copy = [...values];
  copy[index] = value;
  return copy;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
