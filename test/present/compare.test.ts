import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareRuns, groupBySetting, meanCurve } from '../../framework/present/compare/comparison.js';
import { configDiff, flattenConfig } from '../../framework/present/compare/config-diff.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { workspace } from '../helpers/temp.js';
import { seedStore, tinyConfig } from '../dashboard/store-fixtures.js';

const open: StoreReader[] = [];
afterEach(() => {
  for (const reader of open.splice(0)) reader.close();
});

function seededReader(): StoreReader {
  const path = join(workspace(), 'folio.db');
  seedStore(path);
  const reader = StoreReader.open(path)!;
  open.push(reader);
  return reader;
}

describe('configDiff', () => {
  it('lists only the keys whose values differ, one value per config, in config order', () => {
    const diff = configDiff([tinyConfig(3e-3, 1), tinyConfig(3e-3, 2), tinyConfig(1e-3, 1, 4)]);
    expect(diff).toEqual([
      { path: 'name', values: ['lr-0.003', 'lr-0.003', 'lr-0.001'] },
      { path: 'seed', values: [1, 2, 1] },
      { path: 'model.n_layer', values: [2, 2, 4] },
      { path: 'optimizer.lr', values: [3e-3, 3e-3, 1e-3] },
    ]);
  });

  it('counts a key missing from one config as a difference, and compares arrays whole', () => {
    const diff = configDiff([{ a: { b: 1 }, betas: [0.9, 0.99] }, { a: {}, betas: [0.9, 0.95] }, { a: { b: 1 }, betas: [0.9, 0.99] }]);
    expect(diff).toEqual([
      { path: 'a.b', values: [1, undefined, 1] },
      { path: 'betas', values: [[0.9, 0.99], [0.9, 0.95], [0.9, 0.99]] },
    ]);
  });

  it('has no upper limit on the number of configs', () => {
    const configs = Array.from({ length: 200 }, (_, i) => tinyConfig(3e-3, i % 2 === 0 ? 1 : 1 + i));
    const diff = configDiff(configs);
    expect(diff.map((row) => row.path)).toEqual(['seed']);
    expect(diff[0]!.values).toHaveLength(200);
  });

  it('flattens nested objects to dotted paths', () => {
    expect([...flattenConfig({ model: { attention: { n_head: 4 } }, seed: 1 }).entries()]).toEqual([
      ['model.attention.n_head', 4],
      ['seed', 1],
    ]);
  });
});

describe('seed groups', () => {
  it('groups runs whose configs differ only by seed', () => {
    const runs = [tinyConfig(3e-3, 1), tinyConfig(1e-3, 1), tinyConfig(3e-3, 2), tinyConfig(3e-3, 3, 4)].map((config, id) => ({ id, config }));
    expect(groupBySetting(runs).map((group) => group.map((run) => run.id))).toEqual([[0, 2], [1], [3]]);
  });

  it('averages curves bucket by bucket and keeps the band between the lowest and highest run', () => {
    const a = [{ bucket: 0, step: 10, value: 3, low: 3, high: 3 }, { bucket: 1, step: 20, value: 2, low: 2, high: 2 }];
    const b = [{ bucket: 0, step: 10, value: 4, low: 4, high: 4 }, { bucket: 1, step: 20, value: NaN, low: NaN, high: NaN }];
    expect(meanCurve([a, b])).toEqual([
      { bucket: 0, step: 10, value: 3.5, low: 3, high: 4 },
      { bucket: 1, step: 20, value: 2, low: 2, high: 2 },
    ]);
  });
});

describe('compareRuns', () => {
  it('gathers each run\'s figures, curve and config, and the keys that differ', () => {
    const comparison = compareRuns(seededReader(), [1, 3, 4], { points: 50 });
    expect(comparison.entries.map((entry) => entry.label)).toEqual(['#1 lr-0.003', '#3 lr-0.001', '#4 lr-0.03']);
    const [first, , diverged] = comparison.entries;
    expect(first!.finalValLoss?.mean).toBeCloseTo(1.8);
    expect(first!.curve.map((point) => point.step)).toEqual([20, 40, 60, 80, 100]);
    expect(diverged!.finalValLoss).toBeUndefined(); // NaN at the end: no final value to compare
    expect(diverged!.bestValLoss?.mean).toBeCloseTo(2.9);
    expect(comparison.diff.map((row) => row.path)).toEqual(['name', 'optimizer.lr']);
  });

  it('groups seeds into one entry with mean ± std, and lists the group\'s seeds in the config diff', () => {
    const comparison = compareRuns(seededReader(), [1, 2, 3], { groupSeeds: true });
    expect(comparison.entries.map((entry) => entry.runs.map((run) => run.overview.id))).toEqual([[1, 2], [3]]);
    const group = comparison.entries[0]!;
    expect(group.label).toBe('#1,#2 lr-0.003 (2 seeds)');
    expect(group.finalValLoss?.mean).toBeCloseTo(1.85);
    expect(group.finalValLoss?.std).toBeCloseTo(Math.SQRT2 * 0.05);
    expect(group.curve[0]!.step).toBe(20);
    expect(group.curve[0]!.low).toBeCloseTo(2.76);
    expect(group.curve[0]!.high).toBeCloseTo(2.86);
    expect(comparison.diff).toContainEqual({ path: 'seed', values: ['1,2', 1] });
  });
});
