// Hyperparameter importance on synthetic sweeps whose answer is known in closed form.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../framework/engine/rng.js';
import { importanceOfRanking, parameterImportance, type Observation } from '../../framework/sweep/importance.js';
import type { ParameterSpace, Point } from '../../framework/sweep/types.js';

const lr: ParameterSpace = { path: 'optimizer.lr', kind: 'log-uniform', min: 1e-4, max: 1e-1 };
const dropout: ParameterSpace = { path: 'model.dropout', kind: 'uniform', min: 0, max: 0.5 };
const layers: ParameterSpace = { path: 'model.n_layer', kind: 'values', values: [2, 4, 6] };
const norm: ParameterSpace = { path: 'model.norm', kind: 'choice', values: ['layernorm', 'rmsnorm'] };

/** `count` random points of the space, each with objective `f(point)`. */
function sweepOf(count: number, parameters: ParameterSpace[], f: (point: Point) => number, seed = 7): Observation[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const point: Point = {};
    for (const p of parameters) {
      const u = rng.next();
      if (p.kind === 'uniform') point[p.path] = p.min + u * (p.max - p.min);
      else if (p.kind === 'log-uniform') point[p.path] = Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min)));
      else if (p.kind === 'values' || p.kind === 'choice') point[p.path] = p.values[Math.floor(u * p.values.length)];
    }
    return { point, value: f(point) };
  });
}

describe('hyperparameter importance', () => {
  it('gives nearly all of it to the one parameter the objective depends on', () => {
    const observations = sweepOf(60, [lr, dropout, layers, norm], (p) => (Math.log10(p['optimizer.lr'] as number) + 2.5) ** 2);
    const result = parameterImportance(observations, [lr, dropout, layers, norm]);
    expect(result.parameters[0]!.path).toBe('optimizer.lr');
    expect(result.parameters[0]!.importance).toBeGreaterThan(0.9);
    expect(result.parameters.reduce((sum, p) => sum + p.importance, 0)).toBeCloseTo(1, 9);
    expect(result.reliable).toBe(true);
    expect(result.note).toBeUndefined();
  });

  it('splits the variance of an additive objective as its terms do (1/5 and 4/5 for a + 2b)', () => {
    const a: ParameterSpace = { path: 'a', kind: 'uniform', min: 0, max: 1 };
    const b: ParameterSpace = { path: 'b', kind: 'uniform', min: 0, max: 1 };
    const result = parameterImportance(sweepOf(300, [a, b], (p) => (p.a as number) + 2 * (p.b as number), 3), [a, b]);
    const share = Object.fromEntries(result.parameters.map((p) => [p.path, p]));
    expect(share.a!.importance).toBeCloseTo(0.2, 1);
    expect(share.b!.importance).toBeCloseTo(0.8, 1);
    // Additive: the main effects explain (nearly) all of the variance.
    expect(share.a!.varianceExplained + share.b!.varianceExplained).toBeGreaterThan(0.9);
  });

  it('finds a categorical parameter that decides the objective in a grid', () => {
    const observations: Observation[] = [];
    for (const n of [2, 4, 6]) for (const kind of ['layernorm', 'rmsnorm']) observations.push({ point: { 'model.n_layer': n, 'model.norm': kind }, value: kind === 'rmsnorm' ? 1.5 : 2 });
    const result = parameterImportance(observations, [layers, norm]);
    expect(result.parameters.map((p) => p.path)).toEqual(['model.norm', 'model.n_layer']);
    // Not all of it: a bootstrap sample can hold the winning category at one depth only, and then depth explains it as well.
    expect(result.parameters[0]!.importance).toBeGreaterThan(0.9);
    expect(result.reliable).toBe(false);
    expect(result.note).toMatch(/only 6 completed points: with fewer than 10 for 2 parameters these figures are a rough guess/);
  });

  it('says why when there is too little to fit or nothing varies', () => {
    const two = sweepOf(2, [lr], () => 1);
    expect(parameterImportance(two, [lr])).toMatchObject({ parameters: [], points: 2, reliable: false, note: '2 completed points: importance needs at least 3' });
    const flat = parameterImportance(sweepOf(12, [lr, dropout], () => 1.7), [lr, dropout]);
    expect(flat.parameters).toEqual([]);
    expect(flat.note).toMatch(/the objective is the same at all 12 completed points/);
  });

  it('leaves out points without a finite value or outside the space, and is the same on every call', () => {
    const observations = sweepOf(30, [lr, dropout], (p) => p['model.dropout'] as number);
    const noisy = [...observations, { point: { 'optimizer.lr': 1e-3, 'model.dropout': 0.1 }, value: NaN }, { point: { 'optimizer.lr': 'x', 'model.dropout': 0.2 }, value: 5 }];
    const first = parameterImportance(noisy, [lr, dropout]);
    expect(first.points).toBe(30);
    expect(first.parameters[0]!.path).toBe('model.dropout');
    expect(parameterImportance(noisy, [lr, dropout])).toEqual(first);
  });
});

describe('importance over a ranking', () => {
  it('counts completed points at their mean, and leaves out a list of one value (a setting all trials share)', () => {
    const spec = { parameters: [lr, { path: 'train.max_iters', kind: 'values', values: [300] }, dropout] };
    const points = sweepOf(20, [lr, dropout], (p) => (Math.log10(p['optimizer.lr'] as number) + 2) ** 2).map((o, i) => ({
      point: { ...o.point, 'train.max_iters': 300 },
      tier: i === 0 ? 'partial' : 'completed',
      mean: i === 0 ? 100 : o.value,
    }));
    const result = importanceOfRanking(points, spec);
    expect(result.points).toBe(19);
    expect(result.parameters.map((p) => p.path).sort()).toEqual(['model.dropout', 'optimizer.lr']);
    expect(result.parameters[0]!.path).toBe('optimizer.lr');
  });
});
