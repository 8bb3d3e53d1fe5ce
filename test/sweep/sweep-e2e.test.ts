// `folio sweep` end to end on a tiny config: trials in parallel child processes, each an
// ordinary run linked to the sweep; the same command again runs nothing twice; a sweep killed
// with SIGKILL resumes with only the trials that had not finished.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../framework/tracking/store.js';
import { folio, gridSweep, tinyCorpus, TINY_CONFIG, workspace } from '../helpers/cli.js';
import { writeFile } from '../helpers/temp.js';

function trialsOf(dir: string) {
  const store = RunStore.open(join(dir, 'runs/folio.db'));
  try {
    const [sweep] = store.listSweeps();
    return { sweep, trials: sweep === undefined ? [] : store.sweepTrials(sweep.id) };
  } finally {
    store.close();
  }
}

describe('folio sweep', () => {
  it('runs a grid two trials at a time, records each as a run of the sweep, and runs nothing twice', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': gridSweep('1.0e-2, 3.0e-3, 1.0e-3', 2) });
    const first = await folio(['sweep', 'lr.yaml', '--plain'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/sweep 1 completed: 3 trials run/);
    const { sweep, trials } = trialsOf(dir);
    expect(sweep).toMatchObject({ status: 'completed' });
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
    expect(new Set(trials.map((t) => t.trialKey)).size).toBe(3);
    expect(trials.map((t) => (t.config as { optimizer: { lr: number } }).optimizer.lr).sort()).toEqual([1e-3, 3e-3, 1e-2]);
    expect(trials.every((t) => t.valLoss !== null && t.lastStep === 20)).toBe(true);

    const again = await folio(['sweep', 'lr.yaml', '--plain'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/sweep 1 completed: 0 trials run, 3 finished before/);
    expect(trialsOf(dir).trials).toHaveLength(3);
  });

  it('resumes after the sweep process is killed, running only the trials that had not finished', async () => {
    const config = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 60');
    const dir = workspace({ 'tiny.yaml': config, 'corpus.txt': tinyCorpus(), 'lr.yaml': gridSweep('1.0e-2, 5.0e-3, 3.0e-3, 1.0e-3', 1) });
    const killed = await folio(['sweep', 'lr.yaml', '--plain'], {
      cwd: dir,
      onStdout: (text, child) => {
        // After the first trial has ended, kill the sweep without letting it clean up.
        if (/trial .*completed/.test(text) && child.exitCode === null) child.kill('SIGKILL');
      },
    });
    expect(killed.code).toBeNull();
    const before = trialsOf(dir).trials;
    const finishedBefore = before.filter((t) => t.status === 'completed').length;
    expect(finishedBefore).toBeGreaterThanOrEqual(1);
    expect(finishedBefore).toBeLessThan(4);

    const resumed = await folio(['sweep', 'lr.yaml', '--plain'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${4 - finishedBefore} trials? run, ${finishedBefore} finished before`));
    const after = trialsOf(dir).trials.filter((t) => t.status === 'completed');
    expect(after).toHaveLength(4);
    expect(new Set(after.map((t) => t.trialKey)).size).toBe(4);
    // The trials the kill stopped went on under their own runs: no run was started twice.
    expect(trialsOf(dir).trials).toHaveLength(4);
    expect(after.map((t) => t.id).sort()).toEqual(before.map((t) => t.id).concat(after.map((t) => t.id).filter((id) => !before.some((b) => b.id === id))).sort());
  });

  it('points at the sweep file for a parameter path the config does not have, and runs nothing', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'bad.yaml': gridSweep('1.0e-2', 1).replace('optimizer.lr', 'optimizer.learning_rate') });
    const result = await folio(['sweep', 'bad.yaml', '--plain'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:7:\d+: .*optimizer\.learning_rate/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(trialsOf(dir).trials).toHaveLength(0);
  });
});

describe('folio sweeps resume', () => {
  it('finishes a recorded sweep from its stored spec, by id', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': gridSweep('1.0e-2, 3.0e-3', 2) });
    await folio(['sweep', 'lr.yaml', '--plain'], { cwd: dir });
    // A trial lost: its run record removed, as if the sweep had died before recording it.
    const store = RunStore.open(join(dir, 'runs/folio.db'));
    const [lost] = store.sweepTrials(1);
    store.close();
    const db = (await import('better-sqlite3')).default(join(dir, 'runs/folio.db'));
    db.prepare('DELETE FROM runs WHERE id = ?').run(lost!.id);
    db.close();
    const resumed = await folio(['sweeps', 'resume', '1', '--plain'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/sweep 1 completed: 1 trial run, 1 finished before/);
    expect(trialsOf(dir).trials.filter((t) => t.status === 'completed')).toHaveLength(2);
  });

  it('refuses a sweep whose base config changed since it ran; the sweep command starts a new one', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': gridSweep('1.0e-2', 1) });
    await folio(['sweep', 'lr.yaml', '--plain'], { cwd: dir });
    writeFile(dir, 'tiny.yaml', TINY_CONFIG.replace('max_iters: 20', 'max_iters: 10'));
    const refused = await folio(['sweeps', 'resume', '1'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/sweep 1 cannot be resumed: its base config .*tiny\.yaml has changed/);
    const fresh = await folio(['sweep', 'lr.yaml', '--plain'], { cwd: dir });
    expect(fresh.stdout).toMatch(/sweep 2 completed: 1 trial run/);
  });
});

describe('early stopping', () => {
  it('prunes a trial whose loss curve is clearly worse than the median of those before it', async () => {
    const config = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 40');
    const sweep = `name: tiny-prune
base: tiny.yaml
metric: train/loss
method: grid
early_stop: { type: median, warmup_steps: 10, min_trials: 2 }
parameters:
  optimizer.lr: [1.0e-2, 2.0e-2, 1.0e-6]
`;
    const dir = workspace({ 'tiny.yaml': config, 'corpus.txt': tinyCorpus(), 'prune.yaml': sweep });
    const result = await folio(['sweep', 'prune.yaml', '--plain'], { cwd: dir });
    expect(result.code).toBe(0);
    const statuses = trialsOf(dir).trials.map((t) => [(t.config as { optimizer: { lr: number } }).optimizer.lr, t.status, t.lastStep]);
    expect(statuses.slice(0, 2)).toEqual([[1e-2, 'completed', 40], [2e-2, 'completed', 40]]);
    expect(statuses[2]![1]).toBe('pruned');
    expect(statuses[2]![2]).toBeLessThan(40);
  });
});

describe('a trial that fails', () => {
  it('is recorded as failed with its error, and the sweep goes on', async () => {
    const sweep = `name: tiny-data
base: tiny.yaml
method: grid
parameters:
  dataset.path: [missing.txt, corpus.txt]
`;
    // The config is valid either way; only the run finds that the first file is not there.
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'data.yaml': sweep });
    const result = await folio(['sweep', 'data.yaml', '--plain'], { cwd: dir });
    expect(result.code).toBe(0);
    const trials = trialsOf(dir).trials;
    expect(trials.map((t) => t.status)).toEqual(['failed', 'completed']);
    expect(result.stdout).toMatch(/missing\.txt/);
  });
});

describe('a point that a component refuses', () => {
  it('stops the sweep before any trial runs, at the value in the sweep file', async () => {
    const sweep = `name: tiny-heads
base: tiny.yaml
method: grid
parameters:
  model.attention.n_head: [2, 3]
`;
    // 3 heads do not divide a width of 16: the schema allows it, the attention's check does not.
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'heads.yaml': sweep });
    const result = await folio(['sweep', 'heads.yaml', '--plain'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('heads.yaml:5:');
    expect(result.stderr).toContain("n_head 3 does not divide the model's n_embd 16");
    expect(existsSync(join(dir, 'runs/folio.db')) ? trialsOf(dir).trials : []).toEqual([]);
  });
});
