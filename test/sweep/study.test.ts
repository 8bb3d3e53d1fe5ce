// The study's ask and tell on given sequences, without processes or a store: which trial comes
// next, what a resumed study runs first, what it never runs again, when it prunes and what the
// sampler and the pruner are shown.
import { describe, expect, it } from 'vitest';
import { createPruner } from '../../framework/sweep/pruners/create-pruner.js';
import type { Pruner } from '../../framework/sweep/pruners/pruner.js';
import { createSampler } from '../../framework/sweep/samplers/create-sampler.js';
import type { Sampler } from '../../framework/sweep/samplers/sampler.js';
import { Study, type StudyHistory, type StudyPlan, type TrialToRun } from '../../framework/sweep/study.js';
import type { Point, TrialResult } from '../../framework/sweep/types.js';

const LRS = [1e-3, 3e-3, 1e-2];
/** A fresh grid sampler over LRS (a sampler remembers what it proposed). */
const gridSampler = () => createSampler({ method: 'grid', parameters: [{ path: 'lr', kind: 'values', values: LRS }], goal: 'minimize', trials: 0, samplerSeed: 0 });

/** A trial's key as the sweep makes it, from the point and the seed (the base config's seed is 7). */
const resolve = async (point: Point, seed: number | undefined): Promise<TrialToRun> => {
  const resolvedSeed = seed ?? 7;
  return { point, seed: resolvedSeed, key: `lr=${String(point.lr)}/seed=${resolvedSeed}`, overrides: [`lr=${String(point.lr)}`] };
};

function study(plan: Partial<StudyPlan> = {}, history: StudyHistory = { finished: new Map(), startedPoints: [] }): Study {
  return new Study(
    { metric: 'val/loss', goal: 'minimize', seeds: [undefined], plannedPoints: LRS.length, sampler: plan.sampler ?? gridSampler(), pruner: createPruner(undefined), resolve, ...plan },
    history,
  );
}

const finished = (lr: number, seed: number, value: number): [string, TrialResult] =>
  [`lr=${lr}/seed=${seed}`, { point: { lr }, seed, status: 'completed', value, curve: [{ step: 100, value }] }];

/** Asks until the study has nothing more, beginning and finishing each trial at once. */
async function drain(s: Study): Promise<string[]> {
  const keys: string[] = [];
  for (let trial = await s.ask(); trial !== undefined; trial = await s.ask()) {
    keys.push(trial.key);
    s.tell(s.begin(trial), 'completed');
  }
  return keys;
}

describe('the study asks', () => {
  it("every point of the plan once per seed, seeds of a point together, then nothing", async () => {
    const s = study({ seeds: [1, 2] });
    expect(s.plannedTrials).toBe(6);
    expect(await drain(s)).toEqual(['lr=0.001/seed=1', 'lr=0.001/seed=2', 'lr=0.003/seed=1', 'lr=0.003/seed=2', 'lr=0.01/seed=1', 'lr=0.01/seed=2']);
    expect(await s.ask()).toBeUndefined();
  });

  it('no more points than the budget, whatever the sampler could propose', async () => {
    expect(await drain(study({ plannedPoints: 2 }))).toEqual(['lr=0.001/seed=7', 'lr=0.003/seed=7']);
  });

  it('first the unfinished seeds of the points an earlier invocation started, never a finished trial again', async () => {
    const s = study({ seeds: [1, 2] }, { finished: new Map([finished(3e-3, 1, 1.5)]), startedPoints: [{ lr: 3e-3 }] });
    expect(s.finishedBefore).toBe(1);
    // The started point is not proposed again: it already counts against the budget.
    expect(await drain(s)).toEqual(['lr=0.003/seed=2', 'lr=0.001/seed=1', 'lr=0.001/seed=2', 'lr=0.01/seed=1', 'lr=0.01/seed=2']);
  });

  it('no trial that is running: one asked twice is skipped while it runs', async () => {
    const s = study({}, { finished: new Map(), startedPoints: [{ lr: 1e-3 }, { lr: 1e-3 }] });
    const first = (await s.ask())!;
    s.begin(first);
    expect(s.runningCount).toBe(1);
    // The duplicate is skipped, and the sampler (which sees the running trial) proposes the next point.
    expect((await s.ask())?.key).toBe('lr=0.003/seed=7');
  });
});

describe('the study is told', () => {
  it('finished trials are learnt from, interrupted ones are not, and counts follow', async () => {
    const seen: (readonly TrialResult[])[] = [];
    const grid = gridSampler();
    const recording: Sampler = { propose: (history) => (seen.push(history.map((trial) => ({ ...trial }))), grid.propose(history)) };
    const s = study({ sampler: recording });
    const a = s.begin((await s.ask())!);
    s.started(a);
    const b = s.begin((await s.ask())!);
    s.started(b);
    // The second proposal sees the first trial as running.
    expect(seen[1]!.map((trial) => [trial.point.lr, trial.status])).toEqual([[1e-3, 'running']]);
    s.observe(a, 100, { 'val/loss': 2.5, 'train/loss': 2.6 });
    s.tell(a, 'completed');
    s.tell(b, 'interrupted');
    expect(s.runningCount).toBe(0);
    expect(s.ranCount).toBe(2);
    s.begin((await s.ask())!);
    // The third proposal learns from the completed trial only, with its value and curve.
    expect(seen[2]).toEqual([{ point: { lr: 1e-3 }, seed: 7, status: 'completed', value: 2.5, curve: [{ step: 100, value: 2.5 }] }]);
  });

  it('the metric only: other keys leave the curve as it was', async () => {
    const s = study();
    const trial = s.begin((await s.ask())!);
    expect(s.observe(trial, 50, { 'train/loss': 3 })).toBe(false);
    expect(trial.result.curve).toEqual([]);
    expect(trial.result.value).toBeUndefined();
  });
});

describe('the study prunes', () => {
  it('a trial that falls behind, once, comparing it with every other trial but itself', async () => {
    const compared: (readonly TrialResult[])[] = [];
    const median = createPruner({ type: 'median', warmup_steps: 0, min_trials: 1 });
    const pruner: Pruner = { shouldStop: (curve, others, goal) => (compared.push(others), median.shouldStop(curve, others, goal)) };
    const s = study({ pruner }, { finished: new Map([finished(1e-2, 7, 1.0)]), startedPoints: [] });
    const good = s.begin((await s.ask())!);
    const bad = s.begin((await s.ask())!);
    expect(s.observe(good, 100, { 'val/loss': 0.9 })).toBe(false);
    expect(compared.at(-1)!.map((trial) => trial.point.lr)).toEqual([1e-2, 3e-3]);
    expect(s.observe(bad, 100, { 'val/loss': 2.0 })).toBe(true);
    expect(bad.pruned).toBe(true);
    // Said once: a pruned trial's later values are recorded but not judged again.
    const judged = compared.length;
    expect(s.observe(bad, 200, { 'val/loss': 2.1 })).toBe(false);
    expect(compared.length).toBe(judged);
    expect(bad.result.curve.map((point) => point.value)).toEqual([2.0, 2.1]);
    s.tell(bad, 'pruned');
    expect(bad.result.status).toBe('pruned');
    // A pruned trial is finished: the next pruning compares with it.
    s.observe(good, 200, { 'val/loss': 0.8 });
    expect(compared.at(-1)!.map((trial) => [trial.point.lr, trial.status])).toEqual([[1e-2, 'completed'], [3e-3, 'pruned']]);
  });
});
