import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bestConfigYaml, plannedTrials, pointOf, settingsOf, valueAtPath } from '../../framework/sweep/stored-sweep.js';

describe('pointOf', () => {
  it('reads the value at each dotted path, through arrays by index, undefined where the path leads nowhere', () => {
    const config = { optimizer: { lr: 3e-3, betas: [0.9, 0.99] }, model: { attention: { n_head: 4 } } };
    expect(
      pointOf(config, [{ path: 'optimizer.lr' }, { path: 'model.attention.n_head' }, { path: 'optimizer.betas.1' }, { path: 'schedule.type' }]),
    ).toEqual({ 'optimizer.lr': 3e-3, 'model.attention.n_head': 4, 'optimizer.betas.1': 0.99, 'schedule.type': undefined });
    expect(valueAtPath(3, 'a')).toBeUndefined();
  });
});

describe('bestConfigYaml', () => {
  it('writes the full config as YAML that reads back the same, with the comment on top', () => {
    const config = { name: 'x', optimizer: { type: 'adamw', lr: 0.003 }, train: { max_iters: 100 } };
    const text = bestConfigYaml(config, 'best point of sweep 2\nrun it');
    expect(text.startsWith('# best point of sweep 2\n# run it\n')).toBe(true);
    expect(parseYaml(text)).toEqual(config);
  });
});

describe('settingsOf and plannedTrials', () => {
  it('read a stored spec defensively, and plan points x seeds', () => {
    const settings = settingsOf({ method: 'grid', parameters: [{ path: 'a', kind: 'values', values: [1, 2, 3] }, 'junk'], seeds: [1, 2], samplerSeed: 7 });
    expect(settings).toMatchObject({ metric: 'val/loss', goal: 'minimize', seeds: [1, 2], samplerSeed: 7 });
    expect(settings.parameters).toHaveLength(1);
    expect(plannedTrials(settings)).toBe(6);
    expect(plannedTrials(settingsOf({ method: 'random', trials: 4 }))).toBe(4);
    expect(plannedTrials(settingsOf(null))).toBeUndefined();
  });
});
