// The sweep analysis on generated trial sets: whatever the statuses, seeds, pruning and values,
// ranks, tiers and counts obey the rules of docs/sweeps.md.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseSweep, type SweepAnalysis, type SweepTrial } from '../../framework/sweep/analysis.js';
import type { Goal, TrialStatus } from '../../framework/sweep/types.js';

const STATUSES: TrialStatus[] = ['running', 'completed', 'pruned', 'failed', 'interrupted', 'diverged', 'crashed'];
const LRS = [1e-3, 3e-3, 1e-2];
const SEEDS = [1, 2, 3];

/** A trial set as a sweep could record it: points of a 3-value grid, up to 3 seeds, each (point, seed) once. */
const trialSets = fc
  .uniqueArray(
    fc.record({
      lr: fc.constantFrom(...LRS),
      seed: fc.constantFrom(...SEEDS),
      status: fc.constantFrom(...STATUSES),
      value: fc.option(fc.double({ min: 0.5, max: 5, noNaN: true }), { nil: undefined }),
    }),
    { selector: (t) => `${t.lr}/${t.seed}`, maxLength: 9 },
  )
  .map((drawn) =>
    drawn.map(
      (t, i): SweepTrial => ({
        runId: i + 1,
        trialKey: `${t.lr}/${t.seed}`,
        point: { 'optimizer.lr': t.lr },
        seed: t.seed,
        status: t.status,
        value: t.value,
        lastStep: t.status === 'completed' ? 100 : 40,
      }),
    ),
  );

const goals = fc.constantFrom<Goal>('minimize', 'maximize');
const plan = (goal: Goal) => ({ goal, seedsPerPoint: SEEDS.length, plannedTrials: LRS.length * SEEDS.length });
const better = (a: number, b: number, goal: Goal) => (goal === 'minimize' ? a <= b : a >= b);
const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;

function ranked(analysis: SweepAnalysis) {
  return analysis.points.filter((point) => point.rank !== undefined);
}

describe('analyseSweep on generated trial sets', () => {
  it('counts every trial once, apart by status, and they add up to the plan; done is completed + pruned', () => {
    fc.assert(
      fc.property(trialSets, goals, (trials, goal) => {
        const { counts } = analyseSweep(trials, plan(goal));
        const of = (status: TrialStatus) => trials.filter((t) => t.status === status).length;
        expect(counts.done).toBe(of('completed') + of('pruned'));
        expect([counts.completed, counts.pruned, counts.running, counts.interrupted, counts.crashed, counts.failed, counts.diverged]).toEqual(
          ['completed', 'pruned', 'running', 'interrupted', 'crashed', 'failed', 'diverged'].map((s) => of(s as TrialStatus)),
        );
        const parts = counts.done + counts.running + counts.waiting + counts.interrupted + counts.crashed + counts.failed + counts.diverged;
        expect(parts).toBe(counts.planned);
        expect(counts.recorded).toBe(trials.length);
      }),
    );
  });

  it('ranks 1..n without gaps, unranked points last, and no point with a pruned seed above one whose seeds all completed', () => {
    fc.assert(
      fc.property(trialSets, goals, (trials, goal) => {
        const { points } = analyseSweep(trials, plan(goal));
        const ranks = ranked({ points } as SweepAnalysis).map((p) => p.rank);
        expect(ranks).toEqual(ranks.map((_, i) => i + 1));
        expect(points.slice(ranks.length).every((p) => p.tier === 'unranked' && p.rank === undefined)).toBe(true);
        const firstPruned = points.findIndex((p) => p.tier === 'pruned');
        const lastCompleted = points.map((p) => p.tier).lastIndexOf('completed');
        if (firstPruned !== -1 && lastCompleted !== -1) expect(lastCompleted).toBeLessThan(firstPruned);
      }),
    );
  });

  it('takes a point\'s objective over its completed seeds only, ranks within a tier by it, and counts seeds as completed/total', () => {
    fc.assert(
      fc.property(trialSets, goals, (trials, goal) => {
        const { points } = analyseSweep(trials, plan(goal));
        for (const point of points) {
          const completed = point.trials.filter((t) => t.status === 'completed');
          const completedValues = completed.map((t) => t.value).filter((v): v is number => v !== undefined);
          expect(point.seeds).toEqual({ completed: completed.length, total: SEEDS.length });
          if (completedValues.length > 0) {
            expect(point.basis).toBe('completed');
            expect(point.objective).toBeCloseTo(mean(completedValues), 12);
          }
          if (point.tier === 'completed') expect(point.trials.some((t) => t.status === 'pruned')).toBe(false);
        }
        const rankedPoints = ranked({ points } as SweepAnalysis);
        for (let i = 1; i < rankedPoints.length; i++) {
          const [a, b] = [rankedPoints[i - 1]!, rankedPoints[i]!];
          if (a.tier === b.tier && a.basis === b.basis) expect(better(a.objective!, b.objective!, goal)).toBe(true);
        }
      }),
    );
  });

  it('never lets a trial that is not a result move a rank or a value: interrupted, crashed, failed, running', () => {
    const notResults = new Set<TrialStatus>(['running', 'interrupted', 'crashed', 'failed', 'diverged']);
    fc.assert(
      fc.property(trialSets, goals, fc.double({ min: -100, max: 100, noNaN: true }), (trials, goal, other) => {
        const before = analyseSweep(trials, plan(goal));
        const changed = trials.map((t) => (notResults.has(t.status) ? { ...t, value: other } : t));
        const after = analyseSweep(changed, plan(goal));
        const summary = (a: SweepAnalysis) => a.points.map((p) => [p.rank, p.point, p.tier, p.objective, p.std]);
        expect(summary(after)).toEqual(summary(before));
      }),
    );
  });

  it('names the best point only when its objective is over completed seeds, and it is the top of the ranking', () => {
    fc.assert(
      fc.property(trialSets, goals, (trials, goal) => {
        const { points, best } = analyseSweep(trials, plan(goal));
        if (best === undefined) expect(points[0]?.basis === 'completed').toBe(false);
        else {
          expect(best).toBe(points[0]);
          expect(best.basis).toBe('completed');
        }
      }),
    );
  });

  it('gives the same ranking whatever order the trials come in', () => {
    fc.assert(
      fc.property(trialSets.chain((trials) => fc.tuple(fc.constant(trials), fc.shuffledSubarray(trials, { minLength: trials.length, maxLength: trials.length }))), goals, ([trials, shuffled], goal) => {
        const summary = (a: SweepAnalysis) => a.points.map((p) => [p.rank, p.point, p.objective]);
        expect(summary(analyseSweep(shuffled, plan(goal)))).toEqual(summary(analyseSweep(trials, plan(goal))));
      }),
    );
  });
});

describe('analyseSweep, by example', () => {
  const trial = (runId: number, lr: number, seed: number, status: TrialStatus, value?: number, trialKey = `${lr}/${seed}`): SweepTrial => ({
    runId,
    trialKey,
    point: { 'optimizer.lr': lr },
    seed,
    status,
    value,
    lastStep: 100,
  });

  it('ranks a point whose one seed was pruned after a point whose seeds all completed, though its completed seed is better', () => {
    // The issue's case: 3e-3 seed 2 was pruned; its completed seed alone (1.5) beats 1e-3's mean (2.0).
    const analysis = analyseSweep(
      [trial(1, 1e-3, 1, 'completed', 1.9), trial(2, 1e-3, 2, 'completed', 2.1), trial(3, 3e-3, 1, 'completed', 1.5), trial(4, 3e-3, 2, 'pruned', 2.8)],
      { goal: 'minimize', seedsPerPoint: 2, plannedTrials: 4 },
    );
    expect(analysis.points.map((p) => [p.rank, p.point['optimizer.lr'], p.tier, p.seeds])).toEqual([
      [1, 1e-3, 'completed', { completed: 2, total: 2 }],
      [2, 3e-3, 'pruned', { completed: 1, total: 2 }],
    ]);
    expect(analysis.best?.point).toEqual({ 'optimizer.lr': 1e-3 });
    expect(analysis.points[1]!.objective).toBe(1.5);
  });

  it('counts a trial run more than once (an older Folio restarted it as a new run) once, as its result', () => {
    const analysis = analyseSweep(
      [trial(1, 1e-3, 1, 'interrupted', 2.5), trial(2, 1e-3, 1, 'completed', 2.0), trial(3, 3e-3, 1, 'interrupted', 2.6), trial(4, 3e-3, 1, 'crashed', 2.4)],
      { goal: 'minimize', seedsPerPoint: 1, plannedTrials: 2 },
    );
    expect(analysis.counts).toMatchObject({ planned: 2, done: 1, completed: 1, crashed: 1, interrupted: 0, recorded: 2 });
    expect(analysis.points.map((p) => p.trials.map((t) => t.runId))).toEqual([[2], [4]]);
  });

  it('ranks points with pruned seeds only by their pruned values, after every point with a completed seed', () => {
    const analysis = analyseSweep([trial(1, 1e-3, 1, 'pruned', 1.0), trial(2, 3e-3, 1, 'pruned', 2.0), trial(3, 1e-2, 1, 'completed', 3.0), trial(4, 1e-2, 2, 'pruned', 3.5)], {
      goal: 'minimize',
      seedsPerPoint: 2,
      plannedTrials: 6,
    });
    expect(analysis.points.map((p) => [p.rank, p.point['optimizer.lr'], p.basis])).toEqual([
      [1, 1e-2, 'completed'],
      [2, 1e-3, 'pruned'],
      [3, 3e-3, 'pruned'],
    ]);
    expect(analysis.best?.point).toEqual({ 'optimizer.lr': 1e-2 });
  });
});
