// What goes wrong across machines, each for real: a worker killed with SIGKILL mid-trial, stopped
// with SIGTERM or Ctrl-C, the coordinator killed or interrupted and started again, Redis going
// away mid-sweep, a worker whose components or Folio version differ from the coordinator's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { folioVersion } from '../../framework/package-root.js';
import { TRIAL_QUEUE, type TrialJobData } from '../../framework/sweep/queue/protocol.js';
import { folio, TINY_CONFIG } from '../helpers/cli.js';
import { redisServerPresent } from '../helpers/redis-server.js';
import { workspace } from '../helpers/temp.js';
import { EVERY_LOGGED_STEP, LONGER, queueSetUp, recorded, stepsRecorded } from './fixtures.js';
import { startFolio } from './processes.js';

describe.skipIf(!redisServerPresent)('folio sweep --queue when things fail', () => {
  it('re-runs the trial of a worker killed with SIGKILL on another worker: one completed run, each step once', async () => {
    const setUp = await queueSetUp({ config: LONGER, rates: '1.0e-2', parallel: 1 });
    const doomed = await setUp.worker('doomed', '--lock-seconds', '2');
    const coordinator = setUp.coordinator();
    await coordinator.waitFor(/trial run 1 started/);
    await stepsRecorded(setUp.dir); // mid-trial: some of its steps are in the store
    doomed.child.kill('SIGKILL');

    const rescuer = await setUp.worker('rescuer', '--lock-seconds', '2');
    expect(await coordinator.exited).toBe(0);
    expect(rescuer.output()).toMatch(/took trial \w+ \(attempt 2\)/);
    const { trials } = recorded(setUp.dir);
    expect(trials).toHaveLength(1); // the killed attempt's partial run is gone
    expect(trials[0]).toMatchObject({ status: 'completed', lastStep: 300 });
    expect(trials[0]!.info.worker).toBe('rescuer');
    expect(trials[0]!.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('has a worker stopped with SIGTERM hand its trial back at once, for another worker to run from the start', async () => {
    const setUp = await queueSetUp({ config: LONGER, rates: '1.0e-2', parallel: 1 });
    const leaving = await setUp.worker('leaving');
    const coordinator = setUp.coordinator();
    await coordinator.waitFor(/trial run 1 started/);
    await stepsRecorded(setUp.dir);
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    expect(leaving.output()).toMatch(/leaving stopped after 1 trial/);

    const staying = await setUp.worker('staying');
    expect(await coordinator.exited).toBe(0);
    expect(staying.output()).toMatch(/took trial \w+ \(attempt 2\)/);
    const { trials } = recorded(setUp.dir);
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({ status: 'completed', lastStep: 300 });
    expect(trials[0]!.info.worker).toBe('staying');
    expect(trials[0]!.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('has a worker told Ctrl-C finish its running trial, then exit', async () => {
    const setUp = await queueSetUp({ config: LONGER, rates: '1.0e-2', parallel: 1 });
    const worker = await setUp.worker('w1');
    const coordinator = setUp.coordinator();
    await coordinator.waitFor(/trial run 1 started/);
    worker.child.kill('SIGINT');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/finishing 1 running trial\(s\); Ctrl-C again hands them back[\s\S]*trial \w+ completed at step 300[\s\S]*w1 stopped after 1 trial/);
    expect(await coordinator.exited).toBe(0);
    expect(recorded(setUp.dir).trials.map((t) => t.status)).toEqual(['completed']);
  });

  it('continues after the coordinator is killed and started again, recording trials that finished meanwhile once', async () => {
    const setUp = await queueSetUp({ config: LONGER, rates: '1.0e-2, 5.0e-3, 3.0e-3, 1.0e-3' });
    const workers = [await setUp.worker('w1'), await setUp.worker('w2')];
    const first = setUp.coordinator();
    await first.waitFor(/trial run 2 started/);
    first.child.kill('SIGKILL');
    // Both trials finish while no coordinator listens: their results wait in Redis.
    await Promise.all(workers.map((w) => w.waitFor(/trial \w+ completed/)));

    const second = await folio(['sweep', 'lr.yaml', '--plain', '--queue', setUp.redisUrl], { cwd: setUp.dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/sweep 1 completed: 2 trials run, 2 finished before/);
    const { trials } = recorded(setUp.dir);
    expect(trials).toHaveLength(4);
    expect(new Set(trials.map((t) => t.trialKey)).size).toBe(4);
    for (const trial of trials) {
      expect(trial.status).toBe('completed');
      expect(trial.trainSteps).toEqual(EVERY_LOGGED_STEP);
    }
  });

  it('stops on Ctrl-C with the running trials recorded as interrupted, and the same command again finishes them', async () => {
    const setUp = await queueSetUp({ config: LONGER, rates: '1.0e-2, 3.0e-3, 1.0e-3', parallel: 1 });
    await setUp.worker('w1');
    const first = setUp.coordinator();
    await first.waitFor(/trial run 1 started/);
    await stepsRecorded(setUp.dir);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(130);
    expect(recorded(setUp.dir).trials.map((t) => t.status)).toEqual(['interrupted']);

    const second = await folio(['sweep', 'lr.yaml', '--plain', '--queue', setUp.redisUrl], { cwd: setUp.dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/sweep 1 completed: 3 trials run/);
    const { trials } = recorded(setUp.dir);
    expect(trials.map((t) => t.status)).toEqual(['interrupted', 'completed', 'completed', 'completed']);
    // The interrupted trial ran again from the start, as a run of its own, every step once.
    expect(trials[1]!.trialKey).toBe(trials[0]!.trialKey);
    for (const trial of trials.slice(1)) expect(trial.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('rides out Redis going away mid-sweep: both sides say so, retry, and lose nothing', async () => {
    const setUp = await queueSetUp({ config: LONGER, rates: '1.0e-2, 3.0e-3', parallel: 1 });
    const worker = await setUp.worker('w1');
    const coordinator = setUp.coordinator();
    await coordinator.waitFor(/trial run 1 started/);
    await setUp.stopRedis();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await setUp.startRedis();

    expect(await coordinator.exited).toBe(0);
    const address = setUp.redisUrl;
    expect(coordinator.output()).toContain(`folio: lost Redis at ${address}`);
    expect(coordinator.output()).toContain(`folio: Redis at ${address} is back`);
    expect(worker.output()).toContain(`lost Redis at ${address}`);
    const { trials } = recorded(setUp.dir);
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed']);
    for (const trial of trials) expect(trial.trainSteps).toEqual(EVERY_LOGGED_STEP);
  });

  it('lets a running trial end as its worker reports it when Redis comes back without its data', async () => {
    // Long enough (several seconds) for the coordinator to look for the job while it trains.
    const config = LONGER.replace('max_iters: 300', 'max_iters: 1500');
    const setUp = await queueSetUp({ config, rates: '1.0e-2', parallel: 1, persistent: false });
    await setUp.worker('w1');
    const coordinator = setUp.coordinator();
    await coordinator.waitFor(/trial run 1 started/);
    await setUp.stopRedis();
    await setUp.startRedis(); // empty: the trial's job is gone, its worker still trains it
    expect(await coordinator.exited).toBe(0);
    expect(coordinator.output()).toMatch(/trial run 1 completed at step 1500/);
    const { trials } = recorded(setUp.dir);
    expect(trials.map((t) => t.status)).toEqual(['completed']);
    expect(trials[0]!.trainSteps).toEqual(Array.from({ length: 300 }, (_, i) => (i + 1) * 5));
  });

  it('has a worker told Ctrl-C while Redis is away exit, with nothing to finish', async () => {
    const setUp = await queueSetUp({ rates: '1.0e-2' });
    const worker = await setUp.worker('w1');
    await setUp.stopRedis();
    await worker.waitFor(/lost Redis at/);
    worker.child.kill('SIGINT');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/w1 stopped after 0 trials/);
  });

  it('has a worker whose components differ refuse the trial, exit 2 and hand it back to a worker that matches', async () => {
    const schedule = (factor: string) =>
      `export default { kind: 'schedule', type: 'flat', summary: 'the base lr', params: { type: 'object', properties: {} }, create: (_params, ctx) => ({ lrAt: () => ctx.baseLr${factor} }) };\n`;
    const config = TINY_CONFIG.replace('name: tiny-e2e\n', 'name: tiny-e2e\nimports: [flat.mjs]\nschedule: { type: flat }\n');
    const setUp = await queueSetUp({ config, rates: '1.0e-2', parallel: 1, files: { 'flat.mjs': schedule('') } });
    // Another machine's checkout, where flat.mjs was edited.
    const otherCheckout = workspace({ 'tiny.yaml': config, 'corpus.txt': 'unused', 'flat.mjs': schedule(' * 0.5') });
    const stale = startFolio(['worker', '--queue', setUp.redisUrl, '--name', 'stale'], { cwd: otherCheckout });
    await stale.waitFor(/takes trials from/);

    const coordinator = setUp.coordinator();
    expect(await stale.exited).toBe(2);
    expect(stale.output()).toMatch(/folio: this worker cannot run the coordinator's trials: its component set differs from the coordinator's \(registry \w+ here, \w+ there\)/);
    await coordinator.waitFor(/worker stale refused a trial and handed it back/);

    const matching = await setUp.worker('matching');
    expect(await coordinator.exited).toBe(0);
    expect(matching.output()).toMatch(/took trial/);
    const { trials } = recorded(setUp.dir);
    expect(trials.map((t) => [t.status, t.info.worker])).toEqual([['completed', 'matching']]);
  });

  it('queues a waiting trial again when the coordinator comes back with edited components, for workers of the new code', async () => {
    const schedule = (factor: string) =>
      `export default { kind: 'schedule', type: 'flat', summary: 'the base lr', params: { type: 'object', properties: {} }, create: (_params, ctx) => ({ lrAt: () => ctx.baseLr${factor} }) };\n`;
    const config = TINY_CONFIG.replace('name: tiny-e2e\n', 'name: tiny-e2e\nimports: [flat.mjs]\nschedule: { type: flat }\n');
    const setUp = await queueSetUp({ config, rates: '1.0e-2', parallel: 1, files: { 'flat.mjs': schedule('') } });
    const first = setUp.coordinator(); // no worker yet: its trial waits on the queue
    await first.waitFor(/no worker takes trials from/);
    first.child.kill('SIGKILL');

    writeFileSync(join(setUp.dir, 'flat.mjs'), schedule(' * 0.5')); // the code changes meanwhile
    const second = setUp.coordinator();
    await second.waitFor(/no worker takes trials from/); // it has looked at the waiting trial
    const worker = await setUp.worker('new-code');
    await worker.waitFor(/trial \w+ completed/); // fails at once if the worker refuses and exits
    expect(await second.exited).toBe(0);
    expect(second.output()).toMatch(/no worker takes trials from [\s\S]*worker new-code now takes trials from/);
    expect(worker.output()).not.toMatch(/refused|cannot run/);
    expect(recorded(setUp.dir).trials.map((t) => [t.status, t.info.worker])).toEqual([['completed', 'new-code']]);
  });

  it('has a worker of another Folio version refuse the trial, exit 2 and leave it on the queue', async () => {
    const setUp = await queueSetUp({ rates: '1.0e-2' });
    const queue = new Queue(TRIAL_QUEUE, { connection: { url: setUp.redisUrl } });
    try {
      const job: TrialJobData = {
        sweepKey: 'k',
        request: { sweepId: 1, trialKey: 't', configFile: 'tiny.yaml', overrides: [] },
        folioVersion: '0.0.1-older',
        registryHash: 'x',
        coordinatorHost: 'elsewhere',
      };
      await queue.add('trial', job, { jobId: 'k-t' });
      const worker = startFolio(['worker', '--queue', setUp.redisUrl], { cwd: setUp.dir });
      expect(await worker.exited).toBe(2);
      expect(worker.output()).toContain(`it runs Folio ${folioVersion()} and the coordinator (elsewhere) Folio 0.0.1-older: install the same version on both`);
      expect(await (await queue.getJob('k-t'))!.getState()).toBe('waiting');
    } finally {
      await queue.close();
    }
  });
});
