// Tree-structured Parzen Estimator (Bergstra et al. 2011), the way Optuna's default sampler does
// it: after a few random proposals, rank the trials, call the best quarter good and the rest bad,
// fit a density per parameter to each group (l for good, g for bad), draw candidates from l and
// propose the one with the highest l(x)/g(x). Parameters are modelled independently.
import type { Rng } from '../../engine/rng.js';
import type { Goal, ParameterSpace, Point, TrialResult } from '../types.js';
import { pointKey, valueKey } from './grid.js';
import type { ProposeNext, SamplerSpec } from './sampler.js';
import { proposalRng, untriedRandomPoint } from './random.js';

/** The share of ranked points that count as good (Bergstra's gamma), and its cap (Optuna's). */
const GOOD_FRACTION = 0.25;
const MAX_GOOD = 25;
/** Candidates drawn from l(x) per parameter (Optuna's n_ei_candidates). */
const CANDIDATES = 24;
/** Weight of the prior (a uniform-ish kernel over the whole range), in kernels. */
const PRIOR_WEIGHT = 1;

/** Random proposals before the model takes over: 10, fewer for a small budget, never under 3. */
export function startupProposals(budget: number): number {
  return Math.min(10, Math.max(3, Math.floor(budget / 3)));
}

export function tpeMethod(spec: SamplerSpec): ProposeNext {
  const startup = startupProposals(spec.trials);
  return ({ keys, history }) => {
    const rng = proposalRng(spec.samplerSeed, keys.size);
    const ranked = rankPoints(history, spec.goal);
    // Until enough results are in (not proposals: parallel trials may still be running), search at
    // random; these proposals are exactly the random sampler's with the same seed.
    if (ranked.length < startup) return untriedRandomPoint(spec.parameters, rng, keys);
    const goodCount = Math.min(MAX_GOOD, Math.ceil(GOOD_FRACTION * ranked.length));
    const good = ranked.slice(0, goodCount);
    const bad = ranked.slice(goodCount);
    const point: Point = {};
    for (const parameter of spec.parameters) point[parameter.path] = proposeValue(parameter, good, bad, rng);
    return keys.has(pointKey(point)) ? untriedRandomPoint(spec.parameters, rng, keys) : point;
  };
}

interface Outcome {
  point: Point;
  /** The objective, lower is better whatever the goal; Infinity for a diverged trial. */
  score: number;
  /** Set when a seed of the point was stopped early: the last step it logged. */
  stoppedAt?: number;
}

/**
 * The tried points that have a result, best first. Completed points are ranked by the objective
 * (the mean over their seeds); points stopped early (pruned, or diverged) come after all of them,
 * those stopped later first, so they are bad unless few trials completed. Failed, crashed and
 * unfinished trials say nothing about the objective and are left out.
 */
function rankPoints(history: readonly TrialResult[], goal: Goal): Point[] {
  const sign = goal === 'minimize' ? 1 : -1;
  const byPoint = new Map<string, { point: Point; values: number[]; stopped?: Outcome }>();
  for (const trial of history) {
    const key = pointKey(trial.point);
    const entry = byPoint.get(key) ?? { point: trial.point, values: [] };
    byPoint.set(key, entry);
    const last = trial.curve.at(-1);
    const value = trial.value ?? last?.value;
    if (trial.status === 'completed' && value !== undefined && Number.isFinite(value)) entry.values.push(value);
    if (trial.status === 'pruned' || trial.status === 'diverged') {
      const score = trial.status === 'pruned' && value !== undefined && Number.isFinite(value) ? sign * value : Infinity;
      entry.stopped = { point: trial.point, score, stoppedAt: last?.step ?? 0 };
    }
  }
  const completed: Outcome[] = [];
  const stopped: Outcome[] = [];
  for (const { point, values, stopped: stop } of byPoint.values()) {
    if (stop) stopped.push(stop);
    else if (values.length > 0) completed.push({ point, score: (sign * values.reduce((a, b) => a + b, 0)) / values.length });
  }
  completed.sort((a, b) => a.score - b.score);
  stopped.sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0) || a.score - b.score);
  return [...completed, ...stopped].map((outcome) => outcome.point);
}

function proposeValue(parameter: ParameterSpace, good: readonly Point[], bad: readonly Point[], rng: Rng): unknown {
  if (parameter.kind === 'values' || parameter.kind === 'choice') {
    const indexOf = new Map(parameter.values.map((value, index) => [valueKey(value), index]));
    const indices = (points: readonly Point[]) =>
      points.map((point) => indexOf.get(valueKey(point[parameter.path]))).filter((index) => index !== undefined);
    return parameter.values[proposeCategory(parameter.values.length, indices(good), indices(bad), rng)];
  }
  const scale = scaleOf(parameter);
  // A value outside the range (from an earlier version of the sweep file) says nothing about this
  // range; a hair outside is rounding (exp(log(max)) may exceed max), so it is clamped in.
  const slack = 1e-9 * (parameter.max - parameter.min);
  const inRange = (value: unknown): value is number =>
    typeof value === 'number' && value >= parameter.min - slack && value <= parameter.max + slack;
  const observed = (points: readonly Point[]) =>
    points
      .map((point) => point[parameter.path])
      .filter(inRange)
      .map((value) => scale.encode(Math.min(parameter.max, Math.max(parameter.min, value))));
  return proposeNumber(scale, observed(good), observed(bad), rng);
}

// --- numbers: a mixture of Gaussians truncated to the range, in the parameter's own scale ---

/** Where a numeric parameter is modelled: log space for log-uniform, integers as [i - 0.5, i + 0.5]. */
interface Scale {
  low: number;
  high: number;
  encode(value: number): number;
  decode(x: number): number;
}

function scaleOf(parameter: Extract<ParameterSpace, { min: number }>): Scale {
  const { min, max } = parameter;
  const clamp = (value: number) => Math.min(max, Math.max(min, value));
  switch (parameter.kind) {
    case 'uniform':
      return { low: min, high: max, encode: (value) => value, decode: clamp };
    case 'log-uniform':
      return { low: Math.log(min), high: Math.log(max), encode: Math.log, decode: (x) => clamp(Math.exp(x)) };
    case 'int-uniform':
      return { low: min - 0.5, high: max + 0.5, encode: (value) => value, decode: (x) => clamp(Math.round(x)) };
  }
}

function proposeNumber(scale: Scale, good: readonly number[], bad: readonly number[], rng: Rng): number {
  const below = fitParzen(good, scale.low, scale.high);
  const above = fitParzen(bad, scale.low, scale.high);
  let best = scale.decode(sampleParzen(below, rng));
  let bestScore = -Infinity;
  for (let i = 0; i < CANDIDATES; i++) {
    const value = scale.decode(sampleParzen(below, rng));
    // Score the value actually proposed (an integer is scored at the integer, not between).
    const x = scale.encode(value);
    const score = logDensity(below, x) - logDensity(above, x);
    if (score > bestScore) [best, bestScore] = [value, score];
  }
  return best;
}

/** Equally weighted Gaussian kernels, each truncated to [low, high]. */
interface Parzen {
  mus: number[];
  sigmas: number[];
  low: number;
  high: number;
}

/**
 * One kernel per observation, as wide as the larger gap to its neighbours (the outermost ones use
 * their inner gap only), plus a prior kernel over the whole range so that no region is ever ruled
 * out. Widths are clipped to [range / min(100, 1 + kernels), range] (Optuna's "magic clip"): wide
 * enough not to collapse onto one point, never wider than the range.
 */
function fitParzen(observations: readonly number[], low: number, high: number): Parzen {
  const width = high - low;
  const mus = [...observations, (low + high) / 2];
  const sigmas = [...neighbourGaps(observations, low, high), width];
  const minSigma = width / Math.min(100, 1 + mus.length);
  return { mus, sigmas: sigmas.map((sigma) => Math.min(width, Math.max(minSigma, sigma))), low, high };
}

function neighbourGaps(xs: readonly number[], low: number, high: number): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const sorted = [low, ...order.map((i) => xs[i]), high];
  const gaps = new Array<number>(xs.length);
  order.forEach((original, rank) => {
    const at = rank + 1;
    const left = sorted[at] - sorted[at - 1];
    const right = sorted[at + 1] - sorted[at];
    if (xs.length >= 2 && rank === 0) gaps[original] = right;
    else if (xs.length >= 2 && rank === xs.length - 1) gaps[original] = left;
    else gaps[original] = Math.max(left, right);
  });
  return gaps;
}

function sampleParzen(parzen: Parzen, rng: Rng): number {
  const kernel = rng.int(parzen.mus.length);
  const mu = parzen.mus[kernel];
  const sigma = parzen.sigmas[kernel];
  for (let attempt = 0; attempt < 100; attempt++) {
    const x = mu + sigma * gaussian(rng);
    if (x >= parzen.low && x <= parzen.high) return x;
  }
  return Math.min(parzen.high, Math.max(parzen.low, mu));
}

function logDensity(parzen: Parzen, x: number): number {
  const terms = parzen.mus.map((mu, i) => {
    const sigma = parzen.sigmas[i];
    const z = (x - mu) / sigma;
    const mass = normalCdf((parzen.high - mu) / sigma) - normalCdf((parzen.low - mu) / sigma);
    return -0.5 * z * z - Math.log(sigma * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  });
  return logSumExp(terms) - Math.log(parzen.mus.length);
}

function gaussian(rng: Rng): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** Abramowitz and Stegun 7.1.26 (error under 1.5e-7): plenty for ranking candidates. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return Math.sign(x) * (1 - poly * Math.exp(-x * x));
}

function logSumExp(terms: readonly number[]): number {
  const top = Math.max(...terms);
  return top === -Infinity ? -Infinity : top + Math.log(terms.reduce((sum, term) => sum + Math.exp(term - top), 0));
}

// --- categories: observed frequencies, smoothed by a uniform prior ---

function proposeCategory(count: number, good: readonly number[], bad: readonly number[], rng: Rng): number {
  const below = categoryWeights(count, good);
  const above = categoryWeights(count, bad);
  let best = drawCategory(below, rng);
  for (let i = 1; i < CANDIDATES; i++) {
    const candidate = drawCategory(below, rng);
    if (Math.log(below[candidate] / above[candidate]) > Math.log(below[best] / above[best])) best = candidate;
  }
  return best;
}

function categoryWeights(count: number, observed: readonly number[]): number[] {
  const weights = new Array<number>(count).fill(PRIOR_WEIGHT / count);
  for (const index of observed) weights[index] += 1;
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

function drawCategory(weights: readonly number[], rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}
