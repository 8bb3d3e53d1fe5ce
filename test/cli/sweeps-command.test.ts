import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sweepsCommand } from '../../framework/cli/commands/sweeps.js';
import { UserError } from '../../framework/errors.js';
import type { SweepSpec } from '../../framework/sweep/types.js';
import { RunStore } from '../../framework/tracking/store.js';
import { failure, tempDir, testIO } from '../tracking/helpers.js';

const spec: SweepSpec = {
  name: 'lr-grid',
  base: '/project/configs/tiny.yaml',
  metric: 'val/loss',
  goal: 'minimize',
  method: 'grid',
  trials: 0,
  parallel: 2,
  seeds: [1, 2],
  earlyStop: { type: 'median', warmup_steps: 20, min_trials: 2 },
  parameters: [
    { path: 'optimizer.lr', kind: 'values', values: [0.001, 0.003] },
    { path: 'model.n_layer', kind: 'values', values: [2, 4] },
  ],
  overrides: ['train.max_iters=100'],
  samplerSeed: 0,
};

function config(lr: number, nLayer: number, seed: number) {
  return { name: 'tiny', seed, model: { type: 'gpt', n_layer: nLayer }, optimizer: { type: 'adamw', lr }, train: { max_iters: 100 } };
}

/**
 * A project whose store holds a finished grid sweep (lr 3e-3 x 2 layers is best over two seeds,
 * one trial pruned, one diverged) and an older one on another metric that has not finished any trial.
 */
function project() {
  const cwd = tempDir();
  const path = join(cwd, 'runs', 'folio.db');
  const store = RunStore.open(path);
  const older = store.createSweep({ name: 'acc', spec: { ...spec, name: 'acc', metric: 'val/acc', goal: 'maximize', method: 'random', trials: 3, seeds: [] }, specHash: 'h-acc' });
  const waiting = store.createRun({ name: 'acc', config: config(0.001, 2, 7), configHash: 'c0', seed: 7, backend: 'cpu', sweepId: older, trialKey: 'k0' });
  store.logMetrics(waiting, 10, { 'val/acc': 0.4 });
  store.finishRun(waiting, 'failed', 'out of memory');

  const sweepId = store.createSweep({ name: 'lr-grid', spec, specHash: 'h-grid' });
  const runIds: Record<string, number> = {};
  const record = (lr: number, nLayer: number, seed: number, status: 'completed' | 'pruned' | 'diverged', step: number, valLoss: number) => {
    const id = store.createRun({ name: 'tiny', config: config(lr, nLayer, seed), configHash: `c-${lr}-${nLayer}-${seed}`, seed, backend: 'cpu', sweepId, trialKey: `k-${lr}-${nLayer}-${seed}` });
    store.logMetrics(id, step, { 'train/loss': valLoss - 0.1, 'val/loss': valLoss });
    store.finishRun(id, status);
    runIds[`${lr}/${nLayer}/${seed}`] = id;
  };
  record(0.001, 2, 1, 'completed', 100, 2.3);
  record(0.001, 2, 2, 'completed', 100, 2.5);
  record(0.001, 4, 1, 'completed', 100, 2.1);
  record(0.001, 4, 2, 'pruned', 40, 2.9);
  record(0.003, 2, 1, 'completed', 100, 1.9);
  record(0.003, 2, 2, 'completed', 100, 2.1);
  record(0.003, 4, 1, 'diverged', 30, NaN);
  store.setSweepStatus(sweepId, 'completed');
  store.close();
  return { cwd, path, sweepId, older, runIds };
}

describe('folio sweeps list', () => {
  it('prints a table: newest first, trials done of planned, the best mean', async () => {
    const { cwd, sweepId, older } = project();
    const io = testIO(cwd);
    expect(await sweepsCommand(['list'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+status\s+method\s+objective\s+trials\s+best\s+updated$/);
    expect(lines).toHaveLength(3);
    // 8 planned: 2 x 2 grid points x 2 seeds; done: 5 completed + 1 pruned (a diverged or failed trial is not done).
    expect(lines[1]).toMatch(new RegExp(`^\\s*${sweepId}\\s+lr-grid\\s+completed\\s+grid\\s+minimize val/loss\\s+6/8 done\\s+2\\.0000\\s`));
    expect(lines[2]).toMatch(new RegExp(`^\\s*${older}\\s+acc\\s+running\\s+random\\s+maximize val/acc\\s+0/3 done\\s+-\\s`));
    expect(io.err()).toBe('');
  });

  it('--json prints one parseable array with the best point of each sweep', async () => {
    const { cwd, sweepId, older } = project();
    const io = testIO(cwd);
    expect(await sweepsCommand(['list', '--json'], io)).toBe(0);
    const sweeps = JSON.parse(io.out()) as Record<string, unknown>[];
    expect(sweeps.map((s) => s.id)).toEqual([sweepId, older]);
    expect(sweeps[0]).toMatchObject({
      name: 'lr-grid',
      status: 'completed',
      method: 'grid',
      metric: 'val/loss',
      goal: 'minimize',
      counts: { planned: 8, done: 6, completed: 5, pruned: 1, diverged: 1, waiting: 1, running: 0, interrupted: 0, crashed: 0, failed: 0 },
      best: { rank: 1, point: { 'optimizer.lr': 0.003, 'model.n_layer': 2 }, seeds: { completed: 2, total: 2 }, values: 2 },
    });
    expect(sweeps[1]).toMatchObject({ counts: { planned: 3, done: 0, failed: 1, waiting: 2 }, best: null });
  });

  it('says so when there are no sweeps, without creating a store', async () => {
    const cwd = tempDir();
    const io = testIO(cwd);
    expect(await sweepsCommand([], io)).toBe(0);
    expect(io.out()).toBe(`no sweeps yet (store: ${join(cwd, 'runs', 'folio.db')})\n`);
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
    const json = testIO(cwd);
    await sweepsCommand(['--json'], json);
    expect(JSON.parse(json.out())).toEqual([]);
  });
});

describe('folio sweeps show', () => {
  it('shows the settings, the points ranked with mean ± std, the best point and its config', async () => {
    const { cwd, sweepId, runIds } = project();
    const io = testIO(cwd);
    expect(await sweepsCommand(['show', String(sweepId)], io)).toBe(0);
    const text = io.out();
    expect(text).toMatch(new RegExp(`^sweep ${sweepId}: lr-grid\n`));
    expect(text).toMatch(/ status\s+completed\n/);
    expect(text).toMatch(/ objective\s+minimize val\/loss\n/);
    expect(text).toMatch(/ trials\s+6\/8 done \(5 completed, 1 pruned, 1 waiting, 1 diverged\)\n/);
    expect(text).toMatch(/ seeds\s+1, 2\n/);
    expect(text).toMatch(/ optimizer\.lr\s+1e-3, 3e-3\n/);
    expect(text).toMatch(/ overrides\s+train\.max_iters=100\n/);

    const table = text.slice(text.indexOf('points, best first'), text.indexOf('best point\n'));
    const rows = table.trimEnd().split('\n').slice(1);
    expect(rows[0]).toMatch(/^\s+rank\s+optimizer\.lr\s+model\.n_layer\s+val\/loss\s+seeds\s+trials\s+steps\s+runs$/);
    expect(rows[1]).toMatch(/^\s+1\s+3e-3\s+2\s+2\.0000 ± 0\.1414\s+2\/2\s+2 completed\s+100\s/);
    // A point with a pruned seed ranks after every point whose seeds all completed, though its one completed seed is better.
    expect(rows[2]).toMatch(/^\s+2\s+1e-3\s+2\s+2\.4000 ± 0\.1414\s+2\/2\s+2 completed\s+100\s/);
    expect(rows[3]).toMatch(/^\s+3\*\s+1e-3\s+4\s+2\.1000\s+1\/2\s+1 completed, 1 pruned\s+40-100\s/);
    expect(rows[4]).toMatch(/^\s+-\s+3e-3\s+4\s+-\s+0\/2\s+1 diverged\s+30\s/);

    expect(text).toMatch(/best point\n\s+optimizer\.lr\s+3e-3\n\s+model\.n_layer\s+2\n/);
    const yaml = text.slice(text.indexOf('best config'));
    expect(yaml).toContain(`the resolved config of run ${runIds['0.003/2/1']}`);
    expect(yaml).toMatch(/\n {2}optimizer:\n {4}type: adamw\n {4}lr: 0\.003\n/);
  });

  it('--best-config prints the best point\'s full config alone, as YAML ready to run', async () => {
    const { cwd, sweepId } = project();
    const io = testIO(cwd);
    expect(await sweepsCommand(['show', String(sweepId), '--best-config'], io)).toBe(0);
    expect(io.out()).toMatch(/^# best point of sweep \d+ \(lr-grid\): val\/loss 2\.0000 ± 0\.1414 over 2 completed seeds\n/);
    expect(parseYaml(io.out())).toEqual(config(0.003, 2, 1));
  });

  it('--json prints one document: every point ranked, NaN kept apart from null, the best config', async () => {
    const { cwd, sweepId, runIds } = project();
    const io = testIO(cwd);
    expect(await sweepsCommand(['show', String(sweepId), '--json'], io)).toBe(0);
    const sweep = JSON.parse(io.out()) as { points: Record<string, unknown>[]; best: Record<string, unknown> };
    expect(sweep.points.map((p) => [p.rank, p.point, p.tier])).toEqual([
      [1, { 'optimizer.lr': 0.003, 'model.n_layer': 2 }, 'completed'],
      [2, { 'optimizer.lr': 0.001, 'model.n_layer': 2 }, 'completed'],
      [3, { 'optimizer.lr': 0.001, 'model.n_layer': 4 }, 'pruned'],
      [null, { 'optimizer.lr': 0.003, 'model.n_layer': 4 }, 'unranked'],
    ]);
    expect(sweep.points[0]!.mean).toBeCloseTo(2.0, 12);
    expect(sweep.points[0]!.std).toBeCloseTo(Math.SQRT2 / 10, 12);
    expect(sweep.points[3]).toMatchObject({ mean: null, std: null, trials: [{ runId: runIds['0.003/4/1'], status: 'diverged', value: 'NaN', lastStep: 30 }] });
    expect(sweep.best).toMatchObject({ runId: runIds['0.003/2/1'], config: config(0.003, 2, 1) });
  });

  it('ranks by another metric from its logged series, in the goal\'s direction', async () => {
    const { cwd, older } = project();
    const io = testIO(cwd);
    await sweepsCommand(['show', String(older), '--json'], io);
    const sweep = JSON.parse(io.out()) as { points: { trials: { value: unknown }[] }[]; best: unknown };
    expect(sweep.points[0]!.trials[0]!.value).toBe(0.4);
    expect(sweep.best).toBeNull();
    const human = testIO(cwd);
    await sweepsCommand(['show', String(older)], human);
    expect(human.out()).toContain('best point: none yet');
  });

  it('an unknown id, a bad id or a bad flag is a clear error with exit code 2', async () => {
    const { cwd } = project();
    const error = await failure(sweepsCommand(['show', '99'], testIO(cwd)));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect(error.message).toMatch(/^no sweep 99 in .*folio\.db \(see folio sweeps list\)$/);
    for (const argv of [['show', 'abc'], ['show', '1', '--bogus'], ['show'], ['frobnicate']]) {
      const mistake = await failure(sweepsCommand(argv, testIO(cwd)));
      expect(mistake).toBeInstanceOf(UserError);
      expect(mistake.message).toContain('usage: folio sweeps');
    }
    const nowhere = await failure(sweepsCommand(['show', '1'], testIO(tempDir())));
    expect(nowhere.message).toMatch(/^no sweep 1 in .* \(there is no store there yet\)$/);
  });
});
