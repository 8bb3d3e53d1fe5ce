// A Redis server of a test's own (see redis-process.ts), persistent unless asked otherwise so that a
// test can stop it and start it again with the queue intact, and gone after the test.
import { afterEach } from 'vitest';
import { launchRedis, type RedisProcess } from './redis-process.js';

export { redisServerPresent } from './redis-process.js';

const running: RedisProcess[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.dispose();
});

/** `persistent: false` for a server that comes back empty after stop() and start(). */
export async function startRedis(options: { password?: string; persistent?: boolean } = {}): Promise<RedisProcess> {
  const server = await launchRedis({ persistent: true, ...options });
  running.push(server);
  return server;
}
