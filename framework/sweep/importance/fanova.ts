// Functional ANOVA of a tree (Hutter, Hoos and Leyton-Brown 2014, as Optuna's default importance
// evaluator computes it): over the uniform measure on the unit cube, the share of the tree's
// variance that its marginal in one parameter explains. A tree's leaves partition the cube, so the
// marginal at x_i is the volume-weighted sum of the leaves whose range in dimension i holds x_i.
import type { Tree } from './regression-forest.js';

/** For each dimension, the variance of the tree's marginal in it over the tree's total variance; undefined for a constant tree. */
export function mainEffectShares(tree: Tree, dims: number): number[] | undefined {
  const volumes = tree.map((leaf) => leaf.high.reduce((volume, high, d) => volume * (high - leaf.low[d]!), 1));
  const mean = tree.reduce((sum, leaf, l) => sum + leaf.value * volumes[l]!, 0);
  const total = tree.reduce((sum, leaf, l) => sum + (leaf.value - mean) ** 2 * volumes[l]!, 0);
  if (!(total > 1e-12 * Math.max(1, mean ** 2))) return undefined;
  return Array.from({ length: dims }, (_, d) => marginalVariance(tree, volumes, d, mean) / total);
}

function marginalVariance(tree: Tree, volumes: readonly number[], dim: number, mean: number): number {
  const cuts = [...new Set(tree.flatMap((leaf) => [leaf.low[dim]!, leaf.high[dim]!]))].sort((a, b) => a - b);
  let variance = 0;
  for (let i = 0; i < cuts.length - 1; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const centre = (from + to) / 2;
    // The leaves over this interval; each contributes its value times its volume across the other dimensions.
    let marginal = 0;
    tree.forEach((leaf, l) => {
      if (leaf.low[dim]! <= centre && centre < leaf.high[dim]!) marginal += leaf.value * (volumes[l]! / (leaf.high[dim]! - leaf.low[dim]!));
    });
    variance += (to - from) * (marginal - mean) ** 2;
  }
  return variance;
}
