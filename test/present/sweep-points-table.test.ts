// The stored sweep's points as `folio sweeps show` and the dashboard's Sweep screen both lay them out.
import { describe, expect, it } from 'vitest';
import { sweepPointsTable } from '../../framework/present/sweep-points-table.js';
import type { SweepPoint } from '../../framework/sweep/analysis.js';

function point(fields: Partial<SweepPoint>): SweepPoint {
  return {
    rank: 1,
    point: { 'optimizer.lr': 0.003 },
    trials: [],
    tier: 'completed',
    objective: 2,
    std: undefined,
    basis: 'completed',
    values: [2],
    seeds: { completed: 1, total: 1 },
    statuses: { completed: 1 },
    steps: { min: 100, max: 100 },
    ...fields,
  } as SweepPoint;
}

describe('sweepPointsTable', () => {
  const points = [
    point({ trials: [{ runId: 11 }, { runId: 12 }] as SweepPoint['trials'], objective: 1.85, std: 0.0707, seeds: { completed: 2, total: 2 }, statuses: { completed: 2 } }),
    point({ rank: 2, tier: 'pruned', basis: 'pruned', point: { 'optimizer.lr': 'x\u001b[31m' }, trials: [{ runId: 13 }] as SweepPoint['trials'], statuses: { pruned: 1 }, steps: { min: 50, max: 100 } }),
    point({ rank: undefined, objective: undefined, basis: undefined, statuses: { failed: 1 }, steps: undefined, trials: [{ runId: 14 }] as SweepPoint['trials'] }),
  ];

  it('ranks, shows parameters safely, the objective with its spread, seeds, trials by status and the runs', () => {
    const { headers, rows } = sweepPointsTable(points, ['optimizer.lr'], 'val/loss', { steps: true });
    expect(headers).toEqual(['rank', 'optimizer.lr', 'val/loss', 'seeds', 'trials', 'steps', 'runs']);
    expect(rows[0]).toEqual(['1', '3e-3', '1.8500 ± 0.0707', '2/2', '2 completed', '100', '11,12']);
    expect(rows[1]).toEqual(['2*', 'x·[31m', '2.0000 (pruned)', '1/1', '1 pruned', '50-100', '13']);
    expect(rows[2]).toEqual(['-', '3e-3', '-', '1/1', '1 failed', '-', '14']);
  });

  it('leaves the steps column out where the screen has no room for it', () => {
    const { headers, rows } = sweepPointsTable(points, ['optimizer.lr'], 'val/loss', { steps: false });
    expect(headers).toEqual(['rank', 'optimizer.lr', 'val/loss', 'seeds', 'trials', 'runs']);
    expect(rows[0]).toHaveLength(6);
  });
});
