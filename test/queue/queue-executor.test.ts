// The coordinator's side of the queue, in this process on a Redis of the test's own: a trial whose
// job is gone from the queue (a Redis that came back without its data) after its worker recorded
// how its run ended, but before the `ended` event arrived, ends as recorded, not as a failure.
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { TrialListener, TrialOutcome } from '../../framework/sweep/executor.js';
import { QueueExecutor } from '../../framework/sweep/queue/queue-executor.js';
import { jobId, TRIAL_QUEUE } from '../../framework/sweep/queue/protocol.js';
import { parseRedisTarget } from '../../framework/sweep/queue/redis-target.js';
import { sweepKeyOf } from '../../framework/sweep/queue/sweep-key.js';
import { RunStore } from '../../framework/tracking/store.js';
import { redisServerPresent, startRedis } from '../helpers/redis-server.js';
import { workspace } from '../helpers/temp.js';

function listenerOf(ended: (outcome: TrialOutcome) => void): TrialListener {
  return { started: () => {}, metrics: () => {}, ended };
}

describe.skipIf(!redisServerPresent)('the queue executor', () => {
  it.each([['completed'], ['pruned']] as const)('ends a trial whose job vanished as its run was recorded (%s)', async (status) => {
    const redis = await startRedis();
    const dir = workspace();
    const storePath = join(dir, 'folio.db');
    const store = RunStore.open(storePath);
    const queue = new Queue(TRIAL_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    const executor = await QueueExecutor.open({
      target: parseRedisTarget(redis.url, {}), slots: 1, store, storePath, registryHash: 'r', cwd: dir, say: () => {}, checkEveryMs: 50,
    });
    try {
      const sweepId = store.createSweep({ name: 's', spec: {}, specHash: 'h' });
      await executor.prepare(sweepId);
      const ended = new Promise<TrialOutcome>((resolve) => {
        executor.start({ sweepId, trialKey: 'trial-1', configFile: join(dir, 'tiny.yaml'), overrides: [], storePath, cacheDir: dir, runsDir: dir }, listenerOf(resolve));
      });
      const id = jobId(sweepKeyOf(storePath, sweepId), 'trial-1');
      while ((await queue.getJob(id)) === undefined) await new Promise((resolve) => setTimeout(resolve, 20));

      // What the worker recorded before the queue lost the job: the run, its last step, how it ended.
      const runId = store.createRun({ name: 't', config: {}, configHash: 'c', seed: 1, backend: 'native', sweepId, trialKey: 'trial-1' });
      store.logMetrics(runId, 40, { 'train/loss': 2.5 });
      store.finishRun(runId, status);
      store.setQueueTrial(id, { runId, attempt: 1, lastSeq: 3 });
      await (await queue.getJob(id))!.remove();

      expect(await ended).toEqual({ runId, status, step: 40 });
      expect(store.getRun(runId)!.status).toBe(status);
    } finally {
      await executor.close();
      await queue.close();
      store.close();
    }
  });
});
