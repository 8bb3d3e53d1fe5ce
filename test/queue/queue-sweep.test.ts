// `folio sweep --queue` with `folio worker`s on a Redis of the test's own: each worker is a separate
// process standing in for a machine; the coordinator's store is the one place results land.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, tinyCorpus, TINY_CONFIG, workspace } from '../helpers/cli.js';
import { redisServerPresent, startRedis } from '../helpers/redis-server.js';
import { GRID, recorded } from './fixtures.js';
import { startFolio } from './processes.js';

describe.skipIf(!redisServerPresent)('folio sweep --queue', () => {
  it('runs a grid on two workers and records every trial in the coordinator\'s store, with the worker that ran it', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2, 3.0e-3, 1.0e-3, 5.0e-3') });
    const workers = ['w1', 'w2'].map((name) => startFolio(['worker', '--queue', redis.url, '--name', name], { cwd: dir }));
    await Promise.all(workers.map((w) => w.waitFor(/takes trials from/)));

    const sweep = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    expect(sweep.stderr).toBe('');
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toMatch(/sweep 1 completed: 4 trials run/);
    const { sweep: row, trials } = recorded(dir);
    expect(row).toMatchObject({ status: 'completed', completed: 4 });
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(trials.map((t) => (t.config as { optimizer: { lr: number } }).optimizer.lr).sort()).toEqual([1e-3, 3e-3, 5e-3, 1e-2]);
    for (const trial of trials) {
      expect(trial.trainSteps).toEqual([5, 10, 15, 20]); // every logged step, once
      expect(trial.valLoss).not.toBeNull();
      expect(['w1', 'w2']).toContain(trial.info.worker);
      expect(trial.info.host).toEqual(expect.any(String));
      // Its checkpoints stay on the worker's disk; the store says where.
      const checkpoint = trial.artifacts.find((a) => a.kind === 'checkpoint');
      expect(checkpoint?.path).toMatch(new RegExp(`^${dir}/runs/worker/[\\w-]+/1/`));
      expect(existsSync(checkpoint!.path)).toBe(true);
    }
    // Both workers took part; each said so.
    expect(new Set(trials.map((t) => t.info.worker)).size).toBe(2);

    const again = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    expect(again.stdout).toMatch(/sweep 1 completed: 0 trials run, 4 finished before/);

    // On the coordinator's machine (here: once the worker's folder is elsewhere), a command that
    // needs a checkpoint says which worker has it.
    renameSync(join(dir, 'runs/worker'), join(dir, 'elsewhere'));
    const sample = await folio(['sample', String(trials[0]!.id)], { cwd: dir });
    expect(sample.code).toBe(2);
    expect(sample.stderr).toMatch(new RegExp(`checkpoint .* is on worker ${trials[0]!.info.worker} \\(host .+\\), not here`));
  });

  it('prunes on the coordinator\'s word: a trial that falls behind stops early on its worker, recorded as pruned', async () => {
    const redis = await startRedis();
    const config = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 300').replace('eval_interval: 10', 'eval_interval: 25');
    const sweepFile = `${GRID('3.0e-2, 1.0e-6', 1)}early_stop: { type: median, warmup_steps: 25, min_trials: 1 }\n`;
    const dir = workspace({ 'tiny.yaml': config, 'corpus.txt': tinyCorpus(), 'lr.yaml': sweepFile });
    const worker = startFolio(['worker', '--queue', redis.url, '--name', 'w1'], { cwd: dir });
    await worker.waitFor(/takes trials from/);
    const sweep = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    expect(sweep.code).toBe(0);
    const { trials } = recorded(dir);
    expect(trials.map((t) => t.status)).toEqual(['completed', 'pruned']);
    expect(trials[1]!.lastStep).toBeLessThan(300);
    expect(worker.output()).toMatch(/trial \w+ pruned at step \d+/);
  });

  it('says which Redis it cannot reach and exits 2, for the coordinator and for a worker, recording nothing', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2') });
    const address = 'redis://127.0.0.1:1';
    const sweep = await folio(['sweep', 'lr.yaml', '--plain', '--queue', address], { cwd: dir });
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toMatch(/^folio: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(sweep.stderr).not.toMatch(/\n\s+at /);
    expect(recorded(dir).trials).toHaveLength(0);

    const worker = await folio(['worker', '--queue', address], { cwd: dir });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/^folio: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /);

    const wrongScheme = await folio(['worker', '--queue', 'http://127.0.0.1:6379'], { cwd: dir });
    expect(wrongScheme.code).toBe(2);
    expect(wrongScheme.stderr).toMatch(/--queue must start with redis:\/\/ or rediss:\/\//);
  });

  it('works with a password in the URL, never shows it, and names a wrong one as the problem', async () => {
    const redis = await startRedis({ password: 's3cret word' });
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2', 1) });
    const worker = startFolio(['worker', '--queue', redis.url, '--name', 'w1'], { cwd: dir });
    await worker.waitFor(/takes trials from redis:\/\/:\*\*\*@127\.0\.0\.1/);
    const sweep = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    expect(sweep.code).toBe(0);
    expect(recorded(dir).trials.map((t) => t.status)).toEqual(['completed']);
    expect(worker.output()).not.toContain('s3cret');

    const wrong = await folio(['worker', '--queue', `redis://:nope@127.0.0.1:${redis.port}`], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: it refused the password/);
    const none = await folio(['worker', '--queue', `redis://127.0.0.1:${redis.port}`], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/it refused the password|NOAUTH/);
  });
});
