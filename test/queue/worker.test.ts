// A worker in this process, on a Redis of the test's own: it leaves at once when told to finish
// with nothing running, and a job it must not run goes back on the queue, with a numbered
// `refused` event for the coordinator, and the worker stops taking trials.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { eventsStream, EVENTS_FIELD, TRIAL_QUEUE, type QueueEvent, type TrialJobData } from '../../framework/sweep/queue/protocol.js';
import { parseRedisTarget } from '../../framework/sweep/queue/redis-target.js';
import { runWorker, type WorkerOptions } from '../../framework/sweep/queue/worker.js';
import { redisServerPresent, startRedis } from '../helpers/redis-server.js';
import { workspace } from '../helpers/temp.js';

function workerOptions(url: string, said: string[], finish: AbortController): WorkerOptions {
  const dir = workspace();
  return {
    target: parseRedisTarget(url, {}), name: 'w1', concurrency: 1, cwd: dir, runsDir: dir, cacheDir: dir, env: {},
    say: (line) => void said.push(line), finish: finish.signal, handBack: new AbortController().signal, lockMs: 5_000, stalledIntervalMs: 5_000,
  };
}

describe.skipIf(!redisServerPresent)('folio worker', () => {
  it('told to finish with no trial running, leaves at once having run none', async () => {
    const redis = await startRedis();
    const said: string[] = [];
    const finish = new AbortController();
    const options = workerOptions(redis.url, said, finish);
    // Ctrl-C as soon as it says it takes trials, before it listens for one.
    const outcome = await runWorker({ ...options, say: (line) => (said.push(line), /takes trials from/.test(line) && finish.abort()) });
    expect(outcome).toEqual({ trials: 0 });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^worker w1 takes trials from \S+, 1 at a time \(Folio \S+\)$/);
  });

  it('puts back a trial of another Folio version, tells the coordinator once, and takes no more', async () => {
    const redis = await startRedis();
    const queue = new Queue(TRIAL_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    const reader = new Redis({ host: '127.0.0.1', port: redis.port });
    try {
      const data: TrialJobData = {
        sweepKey: 'sweep-a', folioVersion: '0.0.1-elsewhere', registryHash: 'r', coordinatorHost: 'coordinator-host',
        request: { sweepId: 1, trialKey: 'trial-1', configFile: 'tiny.yaml', overrides: [] },
      };
      await queue.add('trial', data, { jobId: 'job-1', attempts: 1 });
      const said: string[] = [];
      const outcome = await runWorker(workerOptions(redis.url, said, new AbortController()));
      expect(outcome.trials).toBe(0);
      expect(outcome.refused).toMatch(/^this worker cannot run the coordinator's trials: it runs Folio \S+ and the coordinator \(coordinator-host\) Folio 0\.0\.1-elsewhere: install the same version on both$/);
      expect(await (await queue.getJob('job-1'))!.getState()).toBe('waiting');
      const entries = await reader.xrange(eventsStream('sweep-a'), '-', '+');
      const events = entries.flatMap(([, fields]) => JSON.parse(fields[fields.indexOf(EVENTS_FIELD) + 1]!) as QueueEvent[]);
      expect(events).toEqual([{ kind: 'refused', worker: 'w1', reason: expect.stringContaining('0.0.1-elsewhere') as string, job: 'job-1', attempt: 1, seq: 1 }]);
    } finally {
      reader.disconnect();
      await queue.close();
    }
  });
});
