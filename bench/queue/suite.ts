// npm run bench -- --suite queue (and/or queue-load): sweeps across machines, on this one. Both
// use a redis-server of their own, stopped at the end however the suite ends.
import type { QueueFigure } from './figure.js';
import { DEFAULT_LOAD, simulatedWorkersLoad } from './load.js';
import { launchRedis, redisServerPresent } from '../../test/helpers/redis-process.js';
import { queueAgainstLocal } from './sweep-timing.js';

export const redisServerMissing: string | undefined = redisServerPresent ? undefined : 'redis-server is not installed (apt-get install redis-server)';

export async function queueSuite(rounds: number, log: (line: string) => void): Promise<QueueFigure[]> {
  log(`queue: 16 tiny trials (wasm) through Redis to 2 workers, and at parallel 2 locally; ${rounds} round(s)`);
  return withRedis((url) => queueAgainstLocal(url, rounds, log));
}

export async function queueLoadSuite(log: (line: string) => void): Promise<QueueFigure[]> {
  log(`queue-load: ${DEFAULT_LOAD.workers} simulated workers' metric events through Redis into one coordinator's store`);
  return withRedis((url) => simulatedWorkersLoad(url, DEFAULT_LOAD, log));
}

async function withRedis<T>(work: (url: string) => Promise<T>): Promise<T> {
  const redis = await launchRedis();
  try {
    return await work(redis.url);
  } finally {
    await redis.dispose();
  }
}
