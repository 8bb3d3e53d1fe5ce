// A --queue address whose database the Redis server does not have (/99 of 16): refused with a
// message by the coordinator and the worker, never silently served from database 0.
import { describe, expect, it } from 'vitest';
import { parseRedisTarget } from '../../framework/sweep/queue/redis-target.js';
import { checkReachable } from '../../framework/sweep/queue/connection.js';
import { folio, gridSweep, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';
import { redisServerPresent, startRedis } from '../helpers/redis-server.js';

describe.skipIf(!redisServerPresent)('a Redis database the server does not have', () => {
  it('is refused by folio sweep --queue and folio worker, exit 2, and no sweep is recorded', async () => {
    const redis = await startRedis({ persistent: false });
    const address = `${redis.url}/99`;
    const message = `folio: Redis at ${address} has no database 99 (ERR DB index is out of range): a server has databases 0 to N-1, N its 'databases' setting (16 unless changed); give one of those, the same on the coordinator and every worker\n`;
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'sweep.yaml': gridSweep('1.0e-2', 1) });
    const coordinator = await folio(['sweep', 'sweep.yaml', '--queue', address, '--plain'], { cwd });
    expect(coordinator.stderr).toBe(message);
    expect(coordinator.code).toBe(2);
    const worker = await folio(['worker', '--queue', address], { cwd });
    expect(worker.stderr).toBe(message);
    expect(worker.code).toBe(2);
    expect((await folio(['sweeps', 'list'], { cwd })).stdout).toMatch(/^no sweeps yet/);
  });

  it('is honoured where the server has it', async () => {
    const redis = await startRedis({ persistent: false });
    await expect(checkReachable(parseRedisTarget(`${redis.url}/15`, {}))).resolves.toBeUndefined();
  });
});
