// A sweep stopped with Ctrl-C and run again: the counts at each stage are the same in every view,
// the interrupted trials continue from their checkpoints under their own run ids (one metric row
// per step, no extra runs); and seeds with median pruning rank a point whose seed was pruned
// after the points whose seeds all completed, in sweeps show, --best-config and compare alike.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../../framework/cli/commands/compare.js';
import { runsCommand } from '../../framework/cli/commands/runs.js';
import { sweepsCommand } from '../../framework/cli/commands/sweeps.js';
import type { SweepLeaderboard, SweepListEntry } from '../../framework/sweep/sweep-leaderboard.js';
import { RunStore, type TrialRow } from '../../framework/tracking/store.js';
import { folio, tinyCorpus, TINY_CONFIG, workspace } from '../helpers/cli.js';
import { testIO } from '../tracking/helpers.js';

// Trials train in processes of their own; on a busy 2-core machine a sweep of them takes minutes.
const SLOW = 600_000;

/** A read-only command run in this process (no start-up cost): its stdout. */
async function command(run: typeof sweepsCommand, dir: string, argv: string[]): Promise<string> {
  const io = testIO(dir);
  expect(await run(argv, io)).toBe(0);
  return io.out();
}

function trialsOf(dir: string): TrialRow[] {
  const store = RunStore.open(join(dir, 'runs/folio.db'));
  try {
    return store.sweepTrials(1);
  } finally {
    store.close();
  }
}

async function views(dir: string): Promise<{ listed: SweepListEntry; shown: SweepLeaderboard }> {
  const list = await command(sweepsCommand, dir, ['list', '--json']);
  const show = await command(sweepsCommand, dir, ['show', '1', '--json']);
  return { listed: (JSON.parse(list) as SweepListEntry[])[0]!, shown: JSON.parse(show) as SweepLeaderboard };
}

/** The steps `key` was logged at, in order. */
function stepsOf(dir: string, runId: number, key: string): number[] {
  const db = new Database(join(dir, 'runs/folio.db'), { readonly: true });
  try {
    return db.prepare('SELECT step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step').pluck().all(runId, key) as number[];
  } finally {
    db.close();
  }
}

describe('Ctrl-C on a sweep, then the same command again', () => {
  it('counts the stopped trials as interrupted everywhere, then continues them from their checkpoints under the same runs', async () => {
    const config = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 40');
    const sweep = `name: tiny-lr
base: tiny.yaml
method: grid
parallel: 2
parameters:
  optimizer.lr: [1.0e-2, 3.0e-3, 1.0e-3]
`;
    const dir = workspace({ 'tiny.yaml': config, 'corpus.txt': tinyCorpus(), 'lr.yaml': sweep });
    let poll: NodeJS.Timeout | undefined;
    const stopped = await folio(['sweep', 'lr.yaml', '--plain'], {
      cwd: dir,
      onStdout: (text, child) => {
        if (poll !== undefined || !/trial run \d+ started/.test(text)) return;
        // Ctrl-C once both running trials are past step 10 (a checkpoint or two in).
        poll = setInterval(() => {
          const running = trialsOf(dir).filter((t) => t.status === 'running');
          if (running.length === 2 && running.every((t) => (t.lastStep ?? 0) >= 10)) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 100);
      },
    });
    clearInterval(poll);
    expect(stopped.code).toBe(130);
    const before = trialsOf(dir);
    const interrupted = before.filter((t) => t.status === 'interrupted');
    expect(interrupted).toHaveLength(2);
    const { listed, shown } = await views(dir);
    expect(shown.counts).toMatchObject({ planned: 3, done: 0, interrupted: 2, waiting: 1, failed: 0, crashed: 0 });
    expect(listed.counts).toEqual(shown.counts);
    // The plain log's last word agrees with the store.
    expect(stopped.stdout).toMatch(/sweep 1 interrupted in \S+: 0\/3 done \(1 waiting, 2 interrupted\); no trial completed/);
    const stoppedAt = new Map(interrupted.map((t) => [t.id, t.lastStep!]));

    // One trial resumed by hand stays that trial of its sweep: counted once, as completed.
    const [byHand, bySweep] = [...stoppedAt.keys()];
    const resumed = await folio(['resume', String(byHand), '--plain'], { cwd: dir });
    expect(resumed.code).toBe(0);
    const between = await views(dir);
    expect(between.shown.counts).toMatchObject({ planned: 3, done: 1, completed: 1, interrupted: 1, waiting: 1, recorded: 2 });
    expect(between.listed.counts).toEqual(between.shown.counts);

    const rerun = await folio(['sweep', 'lr.yaml', '--plain'], { cwd: dir });
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`trial run ${bySweep} started`);
    expect(rerun.stdout).not.toContain(`trial run ${byHand} started`);
    expect(rerun.stdout).toMatch(/2 trials run, 1 finished before/);
    const after = trialsOf(dir);
    // No extra runs: one per trial, the interrupted ones completed under their own ids.
    expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id).concat(after.slice(before.length).map((t) => t.id)));
    expect(after).toHaveLength(3);
    expect(after.every((t) => t.status === 'completed' && t.lastStep === 40)).toBe(true);
    const store = RunStore.open(join(dir, 'runs/folio.db'));
    for (const [id, step] of stoppedAt) {
      const run = store.getRun(id)!;
      // Continued from the checkpoint Ctrl-C left (after the step it was on, past its last log), not from step 0.
      expect(run.info.resumedFromStep).toBeGreaterThanOrEqual(step);
      expect(run.info.resumedFromStep).toBeLessThan(40);
      // Every logged step once, in order: 5, 10, ... 40.
      expect(stepsOf(dir, id, 'train/loss')).toEqual(Array.from({ length: 8 }, (_, i) => 5 * (i + 1)));
    }
    store.close();
    expect(rerun.stdout).toMatch(/sweep 1 completed in \S+: 3\/3 done \(3 completed\)/);
    const final = await views(dir);
    expect(final.shown.counts).toMatchObject({ planned: 3, done: 3, completed: 3, interrupted: 0, waiting: 0 });
    expect(final.listed.counts).toEqual(final.shown.counts);
  }, SLOW);
});

describe('seeds with median pruning', () => {
  it('ranks the point whose seeds were pruned last and exports the best point chosen over all its seeds', async () => {
    // A learning rate of 1e-6 barely moves the loss: its trials fall behind the median and are
    // pruned; 1e-2 trains faster than 3e-3 in 30 steps. So the best point is known: 1e-2, over both seeds.
    const config = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 30');
    const sweep = `name: tiny-seeds
base: tiny.yaml
metric: train/loss
method: grid
parallel: 1
seeds: [1, 2]
early_stop: { type: median, warmup_steps: 10, min_trials: 2 }
parameters:
  optimizer.lr: [1.0e-2, 3.0e-3, 1.0e-6]
`;
    const dir = workspace({ 'tiny.yaml': config, 'corpus.txt': tinyCorpus(), 'seeds.yaml': sweep });
    const result = await folio(['sweep', 'seeds.yaml', '--plain'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { listed, shown } = await views(dir);
    const pruned = shown.points.find((p) => p.point['optimizer.lr'] === 1e-6)!;
    expect(pruned.statuses.pruned).toBeGreaterThanOrEqual(1);
    expect(pruned.tier).toBe('pruned');
    expect(shown.points.at(-1)).toEqual(pruned);
    expect(shown.points[0]).toMatchObject({ rank: 1, point: { 'optimizer.lr': 1e-2 }, tier: 'completed', seeds: { completed: 2, total: 2 }, values: 2 });
    expect(shown.best).toMatchObject({ point: { 'optimizer.lr': 1e-2 } });
    expect(listed.best).toMatchObject({ point: { 'optimizer.lr': 1e-2 } });
    expect(shown.counts).toMatchObject({ planned: 6, done: 6 });

    const best = await command(sweepsCommand, dir, ['show', '1', '--best-config']);
    expect(best).toMatch(/^# best point of sweep 1 \(tiny-seeds\): train\/loss \d\.\d{4} ± \d\.\d{4} over 2 completed seeds\n/);
    expect(best).toMatch(/\n {2}lr: 0\.01\n/);

    const ids = shown.points.flatMap((p) => p.trials.map((t) => String(t.runId)));
    const compared = await command(compareCommand, dir, [...ids, '--group-seeds', '--json']);
    const entries = (JSON.parse(compared) as { entries: { sweepPoint: { rank: number | null; tier: string } }[] }).entries;
    expect(entries.map((e) => [e.sweepPoint.rank, e.sweepPoint.tier])).toEqual(shown.points.map((p) => [p.rank, p.tier]));

    const runs = await command(runsCommand, dir, ['list']);
    expect(runs).toContain('tiny-seeds · optimizer.lr=0.01 · seed 2');
    expect(runs).toContain('tiny-seeds · optimizer.lr=1e-6 · seed 1');
  }, SLOW);
});
