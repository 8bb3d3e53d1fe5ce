// What goes wrong across machines, each for real: a worker killed with SIGKILL mid-trial, the
// coordinator killed and started again, Redis going away mid-sweep, a worker whose components
// differ from the coordinator's.
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { folioVersion } from '../../framework/package-root.js';
import { TRIAL_QUEUE, type TrialJobData } from '../../framework/sweep/queue/protocol.js';
import { folio, tinyCorpus, TINY_CONFIG, workspace } from '../helpers/cli.js';
import { redisServerPresent, startRedis } from '../helpers/redis-server.js';
import { GRID, recorded } from './fixtures.js';
import { startFolio } from './processes.js';

/** Trials long enough (a few seconds) to be caught in the middle. */
const LONGER = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 300').replace('eval_interval: 10', 'eval_interval: 100');
const EVERY_LOGGED_STEP = Array.from({ length: 60 }, (_, i) => (i + 1) * 5);

/** Waits until the sweep's first trial has some train/loss steps in the coordinator's store. */
async function stepsRecorded(dir: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((recorded(dir).trials[0]?.trainSteps.length ?? 0) === 0) {
    if (Date.now() > deadline) throw new Error('the trial recorded no steps in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!redisServerPresent)('folio sweep --queue when things fail', () => {
  it('re-runs the trial of a worker killed with SIGKILL on another worker: one completed run, each step once', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': LONGER, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2', 1) });
    const doomed = startFolio(['worker', '--queue', redis.url, '--name', 'doomed', '--lock-seconds', '2'], { cwd: dir });
    await doomed.waitFor(/takes trials from/);
    const coordinator = startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    await coordinator.waitFor(/trial run 1 started/);
    await stepsRecorded(dir); // mid-trial: some of its steps are in the store
    doomed.child.kill('SIGKILL');

    const rescuer = startFolio(['worker', '--queue', redis.url, '--name', 'rescuer', '--lock-seconds', '2'], { cwd: dir });
    expect(await coordinator.exited).toBe(0);
    expect(rescuer.output()).toMatch(/took trial \w+ \(attempt 2\)/);
    const { trials } = recorded(dir);
    expect(trials).toHaveLength(1); // the killed attempt's partial run is gone
    expect(trials[0]).toMatchObject({ status: 'completed', lastStep: 300 });
    expect(trials[0]!.info.worker).toBe('rescuer');
    expect(trials[0]!.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('has a worker stopped with SIGTERM hand its trial back at once, for another worker to run from the start', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': LONGER, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2', 1) });
    const leaving = startFolio(['worker', '--queue', redis.url, '--name', 'leaving'], { cwd: dir });
    await leaving.waitFor(/takes trials from/);
    const coordinator = startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    await coordinator.waitFor(/trial run 1 started/);
    await stepsRecorded(dir);
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    expect(leaving.output()).toMatch(/leaving stopped after 1 trial/);

    const staying = startFolio(['worker', '--queue', redis.url, '--name', 'staying'], { cwd: dir });
    expect(await coordinator.exited).toBe(0);
    expect(staying.output()).toMatch(/took trial \w+ \(attempt 2\)/);
    const { trials } = recorded(dir);
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({ status: 'completed', lastStep: 300 });
    expect(trials[0]!.info.worker).toBe('staying');
    expect(trials[0]!.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('has a worker told Ctrl-C finish its running trial, then exit', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': LONGER, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2', 1) });
    const worker = startFolio(['worker', '--queue', redis.url, '--name', 'w1'], { cwd: dir });
    await worker.waitFor(/takes trials from/);
    const coordinator = startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    await coordinator.waitFor(/trial run 1 started/);
    worker.child.kill('SIGINT');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/finishing 1 running trial\(s\); Ctrl-C again hands them back[\s\S]*trial \w+ completed at step 300[\s\S]*w1 stopped after 1 trial/);
    expect(await coordinator.exited).toBe(0);
    expect(recorded(dir).trials.map((t) => t.status)).toEqual(['completed']);
  });

  it('continues after the coordinator is killed and started again, recording trials that finished meanwhile once', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': LONGER, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2, 5.0e-3, 3.0e-3, 1.0e-3') });
    const workers = ['w1', 'w2'].map((name) => startFolio(['worker', '--queue', redis.url, '--name', name], { cwd: dir }));
    await Promise.all(workers.map((w) => w.waitFor(/takes trials from/)));
    const first = startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    await first.waitFor(/trial run 2 started/);
    first.child.kill('SIGKILL');
    // Both trials finish while no coordinator listens: their results wait in Redis.
    await Promise.all(workers.map((w) => w.waitFor(/trial \w+ completed/)));

    const second = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/sweep 1 completed: 2 trials run, 2 finished before/);
    const { trials } = recorded(dir);
    expect(trials).toHaveLength(4);
    expect(new Set(trials.map((t) => t.trialKey)).size).toBe(4);
    for (const trial of trials) {
      expect(trial.status).toBe('completed');
      expect(trial.trainSteps).toEqual(EVERY_LOGGED_STEP);
    }
  });

  it('stops on Ctrl-C with the running trials recorded as interrupted, and the same command again finishes them', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': LONGER, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2, 3.0e-3, 1.0e-3') });
    const worker = startFolio(['worker', '--queue', redis.url, '--name', 'w1'], { cwd: dir });
    await worker.waitFor(/takes trials from/);
    const first = startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    await first.waitFor(/trial run 1 started/);
    await stepsRecorded(dir);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(130);
    expect(recorded(dir).trials.map((t) => t.status)).toEqual(['interrupted']);

    const second = await folio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/sweep 1 completed: 3 trials run/);
    const { trials } = recorded(dir);
    expect(trials.map((t) => t.status)).toEqual(['interrupted', 'completed', 'completed', 'completed']);
    // The interrupted trial ran again from the start, as a run of its own, every step once.
    expect(trials[1]!.trialKey).toBe(trials[0]!.trialKey);
    for (const trial of trials.slice(1)) expect(trial.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('rides out Redis going away mid-sweep: both sides say so, retry, and lose nothing', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': LONGER, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2, 3.0e-3', 1) });
    const worker = startFolio(['worker', '--queue', redis.url, '--name', 'w1'], { cwd: dir });
    await worker.waitFor(/takes trials from/);
    const coordinator = startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir });
    await coordinator.waitFor(/trial run 1 started/);
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.start();

    expect(await coordinator.exited).toBe(0);
    const address = `redis://127.0.0.1:${redis.port}`;
    expect(coordinator.output()).toContain(`folio: lost Redis at ${address}`);
    expect(coordinator.output()).toContain(`folio: Redis at ${address} is back`);
    expect(worker.output()).toContain(`lost Redis at ${address}`);
    const { trials } = recorded(dir);
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed']);
    for (const trial of trials) expect(trial.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('has a worker whose components differ refuse the trial, exit 2 and hand it back to a worker that matches', async () => {
    const redis = await startRedis();
    const schedule = (factor: string) =>
      `export default { kind: 'schedule', type: 'flat', summary: 'the base lr', params: { type: 'object', properties: {} }, create: (_params, ctx) => ({ lrAt: () => ctx.baseLr${factor} }) };\n`;
    const config = TINY_CONFIG.replace('name: tiny-e2e\n', 'name: tiny-e2e\nimports: [flat.mjs]\nschedule: { type: flat }\n');
    const files = { 'tiny.yaml': config, 'corpus.txt': tinyCorpus(), 'lr.yaml': GRID('1.0e-2', 1) };
    const coordinatorDir = workspace({ ...files, 'flat.mjs': schedule('') });
    const otherCheckout = workspace({ ...files, 'flat.mjs': schedule(' * 0.5') }); // edited on that machine only

    const stale = startFolio(['worker', '--queue', redis.url, '--name', 'stale'], { cwd: otherCheckout });
    await stale.waitFor(/takes trials from/);
    const coordinator = startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: coordinatorDir });
    expect(await stale.exited).toBe(2);
    expect(stale.output()).toMatch(/folio: this worker cannot run the coordinator's trials: its component set differs from the coordinator's \(registry \w+ here, \w+ there\)/);
    await coordinator.waitFor(/worker stale refused a trial and handed it back/);

    const matching = startFolio(['worker', '--queue', redis.url, '--name', 'matching'], { cwd: coordinatorDir });
    expect(await coordinator.exited).toBe(0);
    expect(matching.output()).toMatch(/took trial/);
    const { trials } = recorded(coordinatorDir);
    expect(trials.map((t) => [t.status, t.info.worker])).toEqual([['completed', 'matching']]);
  });

  it('has a worker of another Folio version refuse the trial, exit 2 and leave it on the queue', async () => {
    const redis = await startRedis();
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    const queue = new Queue(TRIAL_QUEUE, { connection: { url: redis.url } });
    try {
      const job: TrialJobData = {
        sweepKey: 'k',
        request: { sweepId: 1, trialKey: 't', configFile: 'tiny.yaml', overrides: [] },
        folioVersion: '0.0.1-older',
        registryHash: 'x',
        coordinatorHost: 'elsewhere',
      };
      await queue.add('trial', job, { jobId: 'k-t' });
      const worker = startFolio(['worker', '--queue', redis.url], { cwd: dir });
      expect(await worker.exited).toBe(2);
      expect(worker.output()).toContain(`it runs Folio ${folioVersion()} and the coordinator (elsewhere) Folio 0.0.1-older: install the same version on both`);
      expect(await (await queue.getJob('k-t'))!.getState()).toBe('waiting');
    } finally {
      await queue.close();
    }
  });
});
