// The search methods: grid tries every point once, random search is reproducible per seed and
// resumes where it left off, and TPE finds better points than random search on the same budget.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../framework/engine/rng.js';
import { createSampler, pointKey, type SamplerSpec } from '../../framework/sweep/samplers/index.js';
import type { Goal, Method, ParameterSpace, Point, TrialResult } from '../../framework/sweep/types.js';

const completed = (point: Point, value?: number): TrialResult => ({ point, seed: 1, status: 'completed', value, curve: [] });

/** Proposes until the sampler says stop, recording each point (with `evaluate`'s value) in the history. */
function drive(spec: SamplerSpec, evaluate: (point: Point) => number = () => 0, history: TrialResult[] = []): TrialResult[] {
  const sampler = createSampler(spec);
  for (let point = sampler.propose(history); point !== undefined; point = sampler.propose(history)) {
    history.push(completed(point, evaluate(point)));
  }
  return history;
}

const spec = (method: Method, parameters: ParameterSpace[], trials = 10, samplerSeed = 7, goal: Goal = 'minimize'): SamplerSpec =>
  ({ method, parameters, trials, samplerSeed, goal });

describe('grid search', () => {
  const parameters: ParameterSpace[] = [
    { path: 'optimizer.lr', kind: 'values', values: [1e-3, 3e-3] },
    { path: 'schedule', kind: 'choice', values: [{ type: 'cosine', min_lr: 0 }, { type: 'constant' }] },
    { path: 'model.n_layer', kind: 'values', values: [2, 4] },
  ];

  it('proposes every point once, first parameter slowest, then nothing (whatever the budget)', () => {
    const points = drive(spec('grid', parameters, 1)).map((trial) => trial.point);
    expect(points).toHaveLength(8);
    expect(new Set(points.map(pointKey)).size).toBe(8);
    expect(points.slice(0, 2)).toEqual([
      { 'optimizer.lr': 1e-3, schedule: { type: 'cosine', min_lr: 0 }, 'model.n_layer': 2 },
      { 'optimizer.lr': 1e-3, schedule: { type: 'cosine', min_lr: 0 }, 'model.n_layer': 4 },
    ]);
  });

  it('skips the points already in the history, compared by value', () => {
    // Same values, other key order: the same point.
    const done = [completed({ 'model.n_layer': 2, schedule: { min_lr: 0, type: 'cosine' }, 'optimizer.lr': 1e-3 })];
    const proposed = drive(spec('grid', parameters), () => 0, done).slice(1).map((trial) => pointKey(trial.point));
    expect(proposed).toHaveLength(7);
    expect(proposed).not.toContain(pointKey(done[0].point));
  });

  it('gives parallel callers different points before any is recorded', () => {
    const sampler = createSampler(spec('grid', parameters));
    expect(sampler.propose([])).not.toEqual(sampler.propose([]));
  });
});

describe('random search', () => {
  const parameters: ParameterSpace[] = [
    { path: 'optimizer.lr', kind: 'log-uniform', min: 1e-4, max: 1e-2 },
    { path: 'model.n_layer', kind: 'int-uniform', min: 2, max: 6 },
    { path: 'model.dropout', kind: 'uniform', min: 0, max: 0.2 },
    { path: 'schedule.type', kind: 'choice', values: ['cosine', 'constant'] },
  ];

  it('draws within the space, reproducibly per seed, up to the budget', () => {
    const first = drive(spec('random', parameters, 12, 1)).map((trial) => trial.point);
    expect(first).toHaveLength(12);
    expect(drive(spec('random', parameters, 12, 1)).map((trial) => trial.point)).toEqual(first);
    expect(drive(spec('random', parameters, 12, 2)).map((trial) => trial.point)).not.toEqual(first);
    for (const point of first) {
      expect(point['optimizer.lr']).toBeGreaterThanOrEqual(1e-4);
      expect(point['optimizer.lr']).toBeLessThanOrEqual(1e-2);
      expect([2, 3, 4, 5, 6]).toContain(point['model.n_layer']);
      expect(['cosine', 'constant']).toContain(point['schedule.type']);
    }
  });

  it('resumes: a new sampler given the first k trials proposes what the first one proposed next', () => {
    const all = drive(spec('random', parameters, 8)).map((trial) => trial.point);
    const resumed = createSampler(spec('random', parameters, 8)).propose(all.slice(0, 5).map((point) => completed(point, 1)));
    expect(resumed).toEqual(all[5]);
  });

  it('never repeats a point of a small discrete space, and stops when it is exhausted', () => {
    const small: ParameterSpace[] = [
      { path: 'model.n_layer', kind: 'int-uniform', min: 1, max: 3 },
      { path: 'schedule.type', kind: 'values', values: ['cosine', 'constant'] },
    ];
    const points = drive(spec('random', small, 50)).map((trial) => pointKey(trial.point));
    expect(points).toHaveLength(6);
    expect(new Set(points).size).toBe(6);
  });
});

describe('tpe', () => {
  const parameters: ParameterSpace[] = [
    { path: 'optimizer.lr', kind: 'log-uniform', min: 1e-5, max: 1e-1 },
    { path: 'model.n_layer', kind: 'int-uniform', min: 1, max: 8 },
    { path: 'model.feedforward.activation', kind: 'choice', values: ['gelu', 'relu', 'tanh'] },
  ];
  const activationCost: Record<string, number> = { gelu: 0, relu: 0.3, tanh: 0.6 };
  /** A synthetic loss with its minimum at lr = 10^-2.5, 4 layers, gelu, plus a little noise. */
  const objective = (noise: Rng) => (point: Point) =>
    (Math.log10(point['optimizer.lr'] as number) + 2.5) ** 2 +
    0.5 * ((point['model.n_layer'] as number) - 4) ** 2 +
    activationCost[point['model.feedforward.activation'] as string] +
    0.05 * noise.next();
  const bestFound = (method: Method, seed: number, goal: Goal = 'minimize'): number => {
    const sign = goal === 'minimize' ? 1 : -1;
    const loss = objective(new Rng(1000 + seed));
    const history = drive(spec(method, parameters, 30, seed, goal), (point) => sign * loss(point));
    expect(history).toHaveLength(30);
    return Math.min(...history.map((trial) => sign * trial.value!));
  };
  const medianOver7Seeds = (method: Method, goal?: Goal) => {
    const bests = [1, 2, 3, 4, 5, 6, 7].map((seed) => bestFound(method, seed, goal)).sort((a, b) => a - b);
    return bests[3];
  };

  it('finds a better point than random search in 30 trials (median of 7 seeds)', () => {
    const tpe = medianOver7Seeds('tpe');
    const random = medianOver7Seeds('random');
    expect(tpe).toBeLessThan(random);
  });

  it('respects the goal: maximizing the negated loss finds the same quality', () => {
    expect(medianOver7Seeds('tpe', 'maximize')).toBeLessThan(medianOver7Seeds('random', 'maximize'));
  });

  it('is reproducible per seed and resumes like random search', () => {
    const loss = objective(new Rng(3));
    const values = new Map<string, number>();
    const evaluate = (point: Point) => {
      const value = loss(point);
      values.set(pointKey(point), value);
      return value;
    };
    const first = drive(spec('tpe', parameters, 20), evaluate);
    expect(drive(spec('tpe', parameters, 20), (point) => values.get(pointKey(point)) ?? loss(point)).map((t) => t.point))
      .toEqual(first.map((t) => t.point));
    expect(createSampler(spec('tpe', parameters, 20)).propose(first.slice(0, 15))).toEqual(first[15].point);
  });

  it('learns from pruned trials, ignores failed and running ones', () => {
    const history: TrialResult[] = [];
    const rng = new Rng(5);
    for (let i = 0; i < 12; i++) {
      const point = { 'optimizer.lr': 10 ** (-5 + 4 * rng.next()), 'model.n_layer': 1 + rng.int(8), 'model.feedforward.activation': 'gelu' };
      const status = (['completed', 'pruned', 'failed', 'running'] as const)[i % 4];
      history.push({ point, seed: 1, status, value: status === 'failed' ? undefined : i, curve: [{ step: 100, value: i }] });
    }
    const point = createSampler(spec('tpe', parameters, 30)).propose(history);
    expect(point).toBeDefined();
    expect(point!['optimizer.lr']).toBeGreaterThanOrEqual(1e-5);
    expect(Number.isInteger(point!['model.n_layer'])).toBe(true);
  });
});
