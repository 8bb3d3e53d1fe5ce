// `folio sweep --queue` with `folio worker`s on a Redis of the test's own: each worker is a separate
// process standing in for a machine; the coordinator's store is the one place results land.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, gridSweep, tinyCorpus, TINY_CONFIG, workspace } from '../helpers/cli.js';
import { redisServerPresent } from '../helpers/redis-server.js';
import { queueSetUp, recorded } from './fixtures.js';
import { startFolio } from './processes.js';

describe.skipIf(!redisServerPresent)('folio sweep --queue', () => {
  it('runs a grid on two workers and records every trial in the coordinator\'s store, with the worker that ran it', async () => {
    const { dir, redisUrl, worker } = await queueSetUp({ rates: '1.0e-2, 3.0e-3, 1.0e-3, 5.0e-3' });
    await Promise.all([worker('w1'), worker('w2')]);

    const sweep = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redisUrl], { cwd: dir });
    expect(sweep.stderr).toBe('');
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toMatch(/sweep 1 completed: 4 trials run/);
    const { sweep: row, trials } = recorded(dir);
    expect(row).toMatchObject({ status: 'completed' });
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
    // Both workers took part.
    expect(new Set(trials.map((t) => t.info.worker)).size).toBe(2);

    const again = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redisUrl], { cwd: dir });
    expect(again.stdout).toMatch(/sweep 1 completed: 0 trials run, 4 finished before/);

    // On the coordinator's machine (here: once the worker's folder is elsewhere), a command that
    // needs a checkpoint says which worker has it.
    renameSync(join(dir, 'runs/worker'), join(dir, 'elsewhere'));
    const sample = await folio(['sample', String(trials[0]!.id)], { cwd: dir });
    expect(sample.code).toBe(2);
    expect(sample.stderr).toMatch(new RegExp(`checkpoint .* is on worker ${trials[0]!.info.worker} \\(host .+\\), not here`));
  });

  it('prunes on the coordinator\'s word: a trial that falls behind stops early on its worker, recorded as pruned', async () => {
    const config = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 300').replace('eval_interval: 10', 'eval_interval: 25');
    const sweepExtra = 'early_stop: { type: median, warmup_steps: 25, min_trials: 1 }\n';
    const { dir, redisUrl, worker } = await queueSetUp({ config, rates: '3.0e-2, 1.0e-6', parallel: 1, sweepExtra });
    const w1 = await worker('w1');
    const sweep = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redisUrl], { cwd: dir });
    expect(sweep.code).toBe(0);
    const { trials } = recorded(dir);
    expect(trials.map((t) => t.status)).toEqual(['completed', 'pruned']);
    expect(trials[1]!.lastStep).toBeLessThan(300);
    expect(w1.output()).toMatch(/trial \w+ pruned at step \d+/);
  });

  it('says which Redis it cannot reach and exits 2, for the coordinator and for a worker, recording nothing', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': gridSweep('1.0e-2') });
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

  it('works with a password in the URL or in FOLIO_REDIS_PASSWORD, never shows it, and names a wrong one as the problem', async () => {
    const { dir, redisUrl, redisPort, worker } = await queueSetUp({ rates: '1.0e-2', parallel: 1, password: 's3cret word' });
    const w1 = await worker('w1');
    expect(w1.output()).toMatch(/takes trials from redis:\/\/:\*\*\*@127\.0\.0\.1/);
    const sweep = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redisUrl], { cwd: dir });
    expect(sweep.code).toBe(0);
    expect(recorded(dir).trials.map((t) => t.status)).toEqual(['completed']);
    expect(w1.output() + sweep.stdout + sweep.stderr).not.toContain('s3cret');

    // The password from the environment instead, where `ps` does not show it.
    const fromEnv = startFolio(['worker', '--queue', `redis://127.0.0.1:${redisPort}`, '--name', 'w2'], { cwd: dir, env: { FOLIO_REDIS_PASSWORD: 's3cret word' } });
    await fromEnv.waitFor(/w2 takes trials from redis:\/\/:\*\*\*@127\.0\.0\.1/);

    const wrong = await folio(['worker', '--queue', `redis://:nope@127.0.0.1:${redisPort}`], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: it refused the password/);
    const none = await folio(['worker', '--queue', `redis://127.0.0.1:${redisPort}`], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/it refused the password/);
    const unparsable = await folio(['worker', '--queue', 'http://:s3cret@127.0.0.1:1'], { cwd: dir });
    expect(unparsable.stderr).toBe('folio: --queue must start with redis:// or rediss://, got "http://:***@127.0.0.1:1"\n');
  });
});
