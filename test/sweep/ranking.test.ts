import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bestConfigYaml, pointOf, rankPoints, valueAtPath } from '../../framework/sweep/ranking.js';
import type { ParameterSpace } from '../../framework/sweep/types.js';

const parameters: ParameterSpace[] = [
  { path: 'optimizer.lr', kind: 'values', values: [1e-3, 3e-3] },
  { path: 'model.n_layer', kind: 'values', values: [2, 4] },
];

interface Trial {
  id: number;
  status: string;
  seed: number;
  lastStep: number | null;
  config: unknown;
  value?: number;
}

let nextId = 1;
function trial(lr: number, nLayer: number, seed: number, status: string, value?: number, lastStep: number | null = 100): Trial {
  return { id: nextId++, status, seed, lastStep, value, config: { seed, optimizer: { type: 'adamw', lr }, model: { type: 'gpt', n_layer: nLayer } } };
}

const rank = (trials: Trial[], goal: 'minimize' | 'maximize' = 'minimize') =>
  rankPoints(trials, { metric: 'val/loss', goal, parameters }, (t) => t.value);

describe('rankPoints', () => {
  it('groups trials by point and ranks by the mean over seeds, with the sample std', () => {
    const ranked = rank([
      trial(1e-3, 2, 1, 'completed', 2.0),
      trial(1e-3, 2, 2, 'completed', 2.2),
      trial(3e-3, 2, 1, 'completed', 1.9),
      trial(3e-3, 2, 2, 'completed', 2.5),
      trial(1e-3, 4, 1, 'completed', 1.8),
    ]);
    expect(ranked.map((p) => [p.rank, p.point])).toEqual([
      [1, { 'optimizer.lr': 1e-3, 'model.n_layer': 4 }],
      [2, { 'optimizer.lr': 1e-3, 'model.n_layer': 2 }],
      [3, { 'optimizer.lr': 3e-3, 'model.n_layer': 2 }],
    ]);
    expect(ranked[0]).toMatchObject({ mean: 1.8, std: undefined, values: 1, seeds: 1, tier: 'completed' });
    expect(ranked[1]!.mean).toBeCloseTo(2.1, 12);
    expect(ranked[1]!.std).toBeCloseTo(Math.sqrt(0.02), 12); // sample std of 2.0 and 2.2
    expect(ranked[2]!.mean).toBeCloseTo(2.2, 12);
    expect(ranked[2]!.std).toBeCloseTo(Math.sqrt(0.18), 12);
    expect(ranked[1]!.seeds).toBe(2);
    expect(ranked[1]!.trials.map((t) => t.seed)).toEqual([1, 2]);
  });

  it('puts the highest mean first when the goal is to maximize', () => {
    const trials = [trial(1e-3, 2, 1, 'completed', 0.5), trial(3e-3, 2, 1, 'completed', 0.7), trial(1e-3, 4, 1, 'completed', 0.6)];
    expect(rank(trials, 'maximize').map((p) => p.mean)).toEqual([0.7, 0.6, 0.5]);
    expect(rank(trials, 'minimize').map((p) => p.mean)).toEqual([0.5, 0.6, 0.7]);
  });

  it('ranks pruned points after every completed one, however good their value, and points without a value last', () => {
    const ranked = rank([
      trial(1e-3, 2, 1, 'failed', undefined, 40),
      trial(3e-3, 2, 1, 'pruned', 1.2, 50),
      trial(1e-3, 4, 1, 'completed', 2.4, 100),
      trial(3e-3, 4, 1, 'diverged', NaN, 30),
      trial(3e-3, 4, 2, 'completed', 2.0, 100),
    ]);
    expect(ranked.map((p) => [p.point['optimizer.lr'], p.point['model.n_layer'], p.tier, p.mean])).toEqual([
      [3e-3, 4, 'completed', 2.0], // the diverged seed shows in the statuses, not in the mean
      [1e-3, 4, 'completed', 2.4],
      [3e-3, 2, 'partial', 1.2],
      [1e-3, 2, 'none', undefined],
    ]);
    expect(ranked[0]!.statuses).toEqual({ diverged: 1, completed: 1 });
    expect(ranked[0]!.steps).toEqual({ min: 30, max: 100 });
    expect(ranked[2]!.statuses).toEqual({ pruned: 1 });
  });

  it('counts only completed trials once a point has one, and pruned seeds stay visible', () => {
    const [point] = rank([trial(1e-3, 2, 1, 'completed', 2.0), trial(1e-3, 2, 2, 'pruned', 3.0, 20)]);
    expect(point).toMatchObject({ mean: 2.0, values: 1, seeds: 2, statuses: { completed: 1, pruned: 1 } });
  });
});

describe('pointOf', () => {
  it('reads the value at each dotted path, through arrays by index, undefined where the path leads nowhere', () => {
    const config = { optimizer: { lr: 0.01, betas: [0.9, 0.99] }, model: { attention: { n_head: 4 } } };
    expect(
      pointOf(config, [{ path: 'optimizer.lr' }, { path: 'model.attention.n_head' }, { path: 'optimizer.betas.1' }, { path: 'schedule.type' }]),
    ).toEqual({ 'optimizer.lr': 0.01, 'model.attention.n_head': 4, 'optimizer.betas.1': 0.99, 'schedule.type': undefined });
    expect(valueAtPath(3, 'a')).toBeUndefined();
  });
});

describe('bestConfigYaml', () => {
  it('writes the full config as YAML that reads back the same, with the comment on top', () => {
    const config = { name: 'best', seed: 1, optimizer: { type: 'adamw', lr: 0.003, betas: [0.9, 0.99] } };
    const text = bestConfigYaml(config, 'best point of sweep 2\nrun it');
    expect(text.startsWith('# best point of sweep 2\n# run it\nname: best\n')).toBe(true);
    expect(parseYaml(text)).toEqual(config);
  });
});
