import { describe, expect, it } from 'vitest';
import { SweepError } from '../../framework/sweep/errors.js';
import { tinyCorpus, TINY_CONFIG } from '../helpers/tiny-project.js';
import { workspace, writeFile } from '../helpers/temp.js';
import { loadConfig } from '../../framework/config/load.js';
import { Rng } from '../../framework/engine/rng.js';
import { countGridPoints, gridPoints, pointOverrides, samplePoint, trialKey } from '../../framework/sweep/space.js';
import { loadSweepFile, sweepFromCommandLine } from '../../framework/sweep/spec.js';
import type { ParameterSpace } from '../../framework/sweep/types.js';
import { validatePoints } from '../../framework/sweep/validate-points.js';
import { configFailure, fakeRegistry, positionOf, tempProject, VALID } from '../config/fixtures.js';

/** A project with configs/tiny.yaml and experiments/sweep.yaml holding `sweep`. */
function project(sweep: string) {
  const p = tempProject();
  p.write('configs/tiny.yaml', VALID);
  p.write('experiments/sweep.yaml', sweep);
  return p;
}

/** Loads experiments/sweep.yaml and validates its points, as `folio sweep` does. */
async function loadAndValidate(sweep: string) {
  const { dir } = project(sweep);
  const registry = fakeRegistry();
  const spec = await loadSweepFile('experiments/sweep.yaml', { cwd: dir });
  await validatePoints(spec, { registry, cwd: dir });
  return spec;
}

const at = (text: string, needle: string, occurrence = 0) => {
  const { line, col } = positionOf(text, needle, occurrence);
  return `experiments/sweep.yaml:${line}:${col}`;
};

describe('search spaces', () => {
  const lr: ParameterSpace = { path: 'optimizer.lr', kind: 'values', values: [1e-3, 3e-3] };
  const layers: ParameterSpace = { path: 'model.n_layer', kind: 'choice', values: [2, 4, 8] };

  it('expands a grid with the first parameter varying slowest', () => {
    expect(countGridPoints([lr, layers])).toBe(6);
    expect(gridPoints([lr, layers])).toEqual([
      { 'optimizer.lr': 1e-3, 'model.n_layer': 2 },
      { 'optimizer.lr': 1e-3, 'model.n_layer': 4 },
      { 'optimizer.lr': 1e-3, 'model.n_layer': 8 },
      { 'optimizer.lr': 3e-3, 'model.n_layer': 2 },
      { 'optimizer.lr': 3e-3, 'model.n_layer': 4 },
      { 'optimizer.lr': 3e-3, 'model.n_layer': 8 },
    ]);
  });

  it('samples random points reproducibly from a seed, within their bounds', () => {
    const space: ParameterSpace[] = [
      { path: 'optimizer.lr', kind: 'log-uniform', min: 1e-5, max: 1e-1 },
      { path: 'model.attention.dropout', kind: 'uniform', min: 0, max: 0.5 },
      { path: 'model.n_layer', kind: 'int-uniform', min: 1, max: 4 },
      { path: 'schedule.type', kind: 'choice', values: ['constant', 'warmup-cosine'] },
    ];
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 200 }, () => samplePoint(space, () => rng.next()));
    };
    const points = draw(7);
    expect(draw(7)).toEqual(points);
    expect(draw(8)).not.toEqual(points);

    const lrs = points.map((p) => p['optimizer.lr'] as number);
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(1e-5);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(1e-1);
    // Uniform in log space: every decade between the bounds gets draws.
    for (const decade of [-5, -4, -3, -2]) {
      expect(lrs.some((v) => v >= 10 ** decade && v < 10 ** (decade + 1)), `draws in 1e${decade}..1e${decade + 1}`).toBe(true);
    }
    const dropouts = points.map((p) => p['model.attention.dropout'] as number);
    expect(dropouts.every((v) => v >= 0 && v < 0.5)).toBe(true);
    // int-uniform includes both bounds.
    expect(new Set(points.map((p) => p['model.n_layer']))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(points.map((p) => p['schedule.type']))).toEqual(new Set(['constant', 'warmup-cosine']));
  });

  it('gives a trial a short identity from its resolved config and seed', () => {
    const hash = 'a'.repeat(64);
    expect(trialKey(hash, 1)).toMatch(/^[0-9a-f]{16}$/);
    expect(trialKey(hash, 1)).toBe(trialKey(hash, 1));
    expect(trialKey(hash, 2)).not.toBe(trialKey(hash, 1));
    expect(trialKey('b'.repeat(64), 1)).not.toBe(trialKey(hash, 1));
  });

  it('writes a point as --set arguments the config loader reads back unchanged', async () => {
    const p = tempProject();
    p.write('config.yaml', VALID);
    const point = { 'optimizer.lr': 3e-4, 'optimizer.betas': [0.9, 0.95], name: 'true', 'model.attention.type': 'linear-attention' };
    const { config } = await loadConfig('config.yaml', { registry: fakeRegistry(), cwd: p.dir, overrides: pointOverrides(point) });
    expect(config.optimizer).toMatchObject({ lr: 3e-4, betas: [0.9, 0.95] });
    expect(config.name).toBe('true');
    expect(config.model.attention).toEqual({ type: 'linear-attention', feature_dim: 16 });
  });
});

describe('sweep files', () => {
  it('reads a sweep file with defaults, its base relative to the file', async () => {
    const p = project('base: ../configs/tiny.yaml\nparameters:\n  optimizer.lr: [1.0e-3, 3.0e-3]\n  model.n_layer: [2, 4]\n');
    const spec = await loadSweepFile(`${p.dir}/experiments/sweep.yaml`, { cwd: '/' });
    expect({ ...spec }).toEqual({
      name: 'sweep',
      base: `${p.dir}/configs/tiny.yaml`,
      metric: 'val/loss',
      goal: 'minimize',
      method: 'grid',
      trials: 4,
      parallel: 1,
      seeds: [],
      parameters: [
        { path: 'optimizer.lr', kind: 'values', values: [1e-3, 3e-3] },
        { path: 'model.n_layer', kind: 'values', values: [2, 4] },
      ],
      overrides: [],
      samplerSeed: 0,
    });
    // Where things were written is kept, but is not part of the spec's JSON (its identity in the store).
    expect(spec.origins.get('model.n_layer')?.values[1]).toMatchObject({ line: 4 });
    expect(JSON.stringify(spec)).not.toContain('origins');
  });

  it('reads every setting, distributions and early stopping defaults', async () => {
    const text = `name: lr-search
base: ../configs/tiny.yaml
metric: val/loss
goal: minimize
method: random
trials: 12
parallel: 2
seeds: [1, 2]
sampler_seed: 5
early_stop: { type: median }
parameters:
  optimizer.lr: { distribution: log-uniform, min: 1.0e-4, max: 1.0e-2 }
  model.n_layer: { distribution: int-uniform, min: 1, max: 3 }
  model.attention.dropout: { distribution: uniform, min: 0, max: 0.3 }
  model.n_embd: { distribution: choice, values: [16, 32] }
`;
    const spec = await loadAndValidate(text);
    expect(spec).toMatchObject({ name: 'lr-search', method: 'random', trials: 12, parallel: 2, seeds: [1, 2], samplerSeed: 5 });
    expect(spec.earlyStop).toEqual({ type: 'median', warmup_steps: 100, min_trials: 3 });
    expect(spec.parameters).toEqual([
      { path: 'optimizer.lr', kind: 'log-uniform', min: 1e-4, max: 1e-2 },
      { path: 'model.n_layer', kind: 'int-uniform', min: 1, max: 3 },
      { path: 'model.attention.dropout', kind: 'uniform', min: 0, max: 0.3 },
      { path: 'model.n_embd', kind: 'choice', values: [16, 32] },
    ]);
    const { dir } = project('base: ../configs/tiny.yaml\nparallel: 2\nearly_stop: { type: asha, min_steps: 50 }\nparameters:\n  model.n_layer: [1]\n');
    const asha = await loadSweepFile('experiments/sweep.yaml', { cwd: dir, parallel: 3, overrides: ['train.max_iters=10'] });
    expect(asha).toMatchObject({ parallel: 3, overrides: ['train.max_iters=10'], earlyStop: { type: 'asha', min_steps: 50, reduction_factor: 3 } });
  });

  it('reports an unknown parameter path at its key, with the nearest valid path', async () => {
    const text = 'base: ../configs/tiny.yaml\nparameters:\n  optimizer.lr: [1.0e-3, 3.0e-3]\n  model.n_layers: [2, 4]\n';
    const error = await configFailure(loadAndValidate(text));
    expect(error.message).toBe(
      `${at(text, 'model.n_layers')}: model.n_layers: unknown key "n_layers" (did you mean model.n_layer?); expected one of: n_layer, n_embd, attention`,
    );
    expect(error.issues).toHaveLength(1);
  });

  it('reports a value the config schema refuses at that value', async () => {
    const text = 'base: ../configs/tiny.yaml\nparameters:\n  optimizer.lr: [1.0e-3, 3.0e-3]\n  model.n_layer: [2, 0]\n';
    const error = await configFailure(loadAndValidate(text));
    // Two grid points hold the 0; it is one mistake, named at the first point that has it.
    expect(error.message).toBe(`${at(text, '0]')}: model.n_layer: point {optimizer.lr: 1e-3, model.n_layer: 0}: expected integer >= 1, got 0`);
  });

  it('reports every refused value and bound of a random search', async () => {
    const text = `base: ../configs/tiny.yaml
method: random
trials: 4
parameters:
  model.n_layer: { distribution: int-uniform, min: 0, max: 3 }
  model.n_embd: { distribution: uniform, min: 16, max: 64 }
  optimizer.lr: [1.0e-3, -1]
`;
    const error = await configFailure(loadAndValidate(text));
    expect(error.message.split('\n')).toEqual([
      `${at(text, '0,')}: model.n_layer: expected integer >= 1, got 0`,
      `${at(text, 'uniform, min: 16')}: model.n_embd: expected integer >= 1, got 34.3 (uniform between 16 and 64 can draw it)`,
      `${at(text, '-1')}: optimizer.lr: expected number > 0, got -1`,
    ]);
  });

  it('refuses a distribution in a grid at its line', async () => {
    const text = 'base: ../configs/tiny.yaml\nparameters:\n  optimizer.lr: { distribution: log-uniform, min: 1.0e-4, max: 1.0e-2 }\n';
    const { dir } = project(text);
    const error = await configFailure(loadSweepFile('experiments/sweep.yaml', { cwd: dir }));
    expect(error.message).toBe(
      `${at(text, 'log-uniform')}: optimizer.lr: method: grid tries a list of values; a log-uniform distribution needs method: random or tpe (or write the values, e.g. [1, 2, 4])`,
    );
  });

  it('reports a base config that cannot be read at base:', async () => {
    const text = 'base: ../configs/tiyn.yaml\nparameters:\n  model.n_layer: [2]\n';
    const { dir } = project(text);
    const error = await configFailure(loadSweepFile('experiments/sweep.yaml', { cwd: dir }));
    expect(error.message).toBe(`${at(text, '../configs')}: base: cannot read "../configs/tiyn.yaml" (configs/tiyn.yaml): no such file`);
  });

  it('reports mistakes in the sweep file itself like config mistakes', async () => {
    const text = `base: ../configs/tiny.yaml
metirc: val/loss
method: random
seeds: [1, -2]
early_stop: { type: median, min_steps: 10 }
parameters:
  optimizer.lr: { distribution: log-uniform, min: 0, max: 1.0e-2 }
  model.n_layer: { distribution: int-uniform, min: 1, max: 2.5 }
  model.n_embd: []
`;
    const { dir } = project(text);
    const schema = await configFailure(loadSweepFile('experiments/sweep.yaml', { cwd: dir }));
    expect(schema.message.split('\n')).toEqual([
      `${at(text, 'metirc')}: metirc: unknown key "metirc" (did you mean metric?); expected one of: name, base, metric, goal, method, trials, parallel, seeds, sampler_seed, early_stop, parameters`,
      `${at(text, '-2')}: seeds[1]: expected integer >= 0 and <= 4294967295, got -2`,
    ]);

    const fixed = text.replace('metirc', 'metric').replace('-2', '2');
    const { dir: dir2 } = project(fixed);
    const checks = await configFailure(loadSweepFile('experiments/sweep.yaml', { cwd: dir2 }));
    expect(checks.message.split('\n')).toEqual([
      `${at(fixed, 'random')}: trials: method: random needs trials: (how many points to try)`,
      `${at(fixed, 'min_steps')}: early_stop.min_steps: min_steps is an asha setting; median takes warmup_steps and min_trials`,
      `${at(fixed, '0,')}: optimizer.lr: log-uniform needs min > 0, got 0`,
      `${at(fixed, '2.5')}: model.n_layer: int-uniform bounds are whole numbers, got 2.5`,
      `${at(fixed, '[]')}: model.n_embd: expected at least one value, e.g. [1.0e-3, 3.0e-3]`,
    ]);
  });

  it('names a type-dependent setting with the point that makes it unknown', async () => {
    const text = `base: ../configs/tiny.yaml
parameters:
  model.attention.type: [causal-self-attention, linear-attention]
  model.attention.n_head: [2, 4]
`;
    const error = await configFailure(loadAndValidate(text));
    expect(error.message).toBe(
      `${at(text, 'model.attention.n_head')}: model.attention.n_head: unknown key "n_head"; expected one of: feature_dim (with model.attention.type="linear-attention")`,
    );
  });
});

describe('folio sweep <config> --param', () => {
  it('sweeps a grid over the listed values, read as YAML', async () => {
    const p = tempProject();
    p.write('configs/tiny.yaml', VALID);
    const params = ['optimizer.lr=1e-3,3e-3', 'model.n_layer=2,4', 'optimizer.betas=[0.9,0.99],[0.8,0.9]'];
    const spec = await sweepFromCommandLine('configs/tiny.yaml', params, { cwd: p.dir, parallel: 2 });
    expect(spec).toMatchObject({ name: 'tiny', base: `${p.dir}/configs/tiny.yaml`, method: 'grid', trials: 8, parallel: 2 });
    expect(spec.parameters).toEqual([
      { path: 'optimizer.lr', kind: 'values', values: [1e-3, 3e-3] },
      { path: 'model.n_layer', kind: 'values', values: [2, 4] },
      { path: 'optimizer.betas', kind: 'values', values: [[0.9, 0.99], [0.8, 0.9]] },
    ]);
    await validatePoints(spec, { registry: fakeRegistry(), cwd: p.dir });
  });

  it('names the --param argument in its mistakes', async () => {
    const p = tempProject();
    p.write('configs/tiny.yaml', VALID);
    const run = (params: string[]) => sweepFromCommandLine('configs/tiny.yaml', params, { cwd: p.dir });
    expect((await configFailure(run(['optimizer.lr']))).message).toBe(
      '--param optimizer.lr: expected path=value,value,..., e.g. optimizer.lr=1e-3,3e-3',
    );
    expect((await configFailure(run(['model.n_layer=']))).message).toMatch(/^--param model\.n_layer=: no values after =/);
    expect((await configFailure(run([]))).message).toMatch(/^--param: a sweep needs at least one --param/);

    const bad = await run(['model.n_layer=2,0', 'optimizer.lrr=1e-3']);
    const error = await configFailure(validatePoints(bad, { registry: fakeRegistry(), cwd: p.dir }));
    expect(error.message.split('\n')).toEqual([
      '--param model.n_layer=2,0: point {model.n_layer: 0}: expected integer >= 1, got 0',
      '--param optimizer.lrr=1e-3: unknown key "lrr" (did you mean optimizer.lr?); expected one of: lr, betas, weight_decay',
    ]);
  });

  it('reports mistakes of the base config and of --set as the config loader does', async () => {
    const p = tempProject();
    p.write('configs/tiny.yaml', VALID.replace('n_head: 4', 'n_head: four'));
    const spec = await sweepFromCommandLine('configs/tiny.yaml', ['model.n_layer=2'], { cwd: p.dir, overrides: ['train.batch_size=0'] });
    const error = await configFailure(validatePoints(spec, { registry: fakeRegistry(), cwd: p.dir }));
    expect(error.message.split('\n')).toEqual([
      'configs/tiny.yaml:12:13: model.attention.n_head: expected integer >= 1, got "four"',
      '--set train.batch_size=0: expected integer >= 1, got 0',
    ]);
  });
});

describe('messages of folio sweep', () => {
  it('accepts a pruner by its name alone, with its default settings, and names the pruners for a wrong one', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    const write = (name: string, earlyStop: string) =>
      writeFile(dir, name, `base: tiny.yaml\nearly_stop: ${earlyStop}\nparameters:\n  optimizer.lr: [1.0e-3, 3.0e-3]\n`);
    write('bare.yaml', 'median');
    const spec = await loadSweepFile('bare.yaml', { cwd: dir });
    expect(spec.earlyStop).toEqual({ type: 'median', warmup_steps: expect.any(Number), min_trials: expect.any(Number) });
    write('typo.yaml', 'medain');
    const error = await configFailure(loadSweepFile('typo.yaml', { cwd: dir }));
    expect(error.message).toBe('typo.yaml:2:13: early_stop: unknown early stopping "medain"; expected median or asha');
  });

  it('says in one line to add --param or write a sweep file when given a config', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    const error = await loadSweepFile('tiny.yaml', { cwd: dir }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SweepError);
    expect((error as Error).message).toBe(
      'tiny.yaml is a config, not a sweep file (it has no base: and no parameters:): add --param, e.g. folio sweep tiny.yaml --param optimizer.lr=1e-3,3e-3, or write a sweep file (see docs/sweeps.md)',
    );
    expect((error as Error).message).not.toContain('\n');
  });
});
