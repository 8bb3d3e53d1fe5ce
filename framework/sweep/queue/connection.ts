// Connections to the sweep's Redis. One that drops is retried with backoff, forever, and says so
// once per outage; commands made meanwhile wait for it rather than fail, so nothing is lost.
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '../../errors.js';
import type { RedisTarget } from './redis-target.js';

/** Waits 0.2 s, 0.4 s, ... up to 5 s between attempts. */
const backoff = (attempt: number) => Math.min(100 * 2 ** attempt, 5_000);

/** The options BullMQ's own connections take: the same retries as ours. */
export function bullConnection(target: RedisTarget): BullRedisOptions {
  return { url: target.url, retryStrategy: backoff, maxRetriesPerRequest: null };
}

/** A connection that reports its outages through `say` (a line for the user). */
export function connectRedis(target: RedisTarget, say: (line: string) => void): Redis {
  const client = new Redis(target.url, { retryStrategy: backoff, maxRetriesPerRequest: null });
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    say(`lost Redis at ${target.shown} (${describe(error)}); retrying with backoff, nothing is lost meanwhile`);
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    say(`Redis at ${target.shown} is back`);
  });
  return client;
}

/** Fails fast, with the address and the reason, when Redis cannot be reached or refuses us. */
export async function checkReachable(target: RedisTarget, timeoutMs = 3_000): Promise<void> {
  const probe = new Redis(target.url, { lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  // The socket's own error (ECONNREFUSED, a refused password) comes as an event; the promise
  // rejects only with "Connection is closed".
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new UserError(`cannot reach Redis at ${target.shown}: ${describe(cause ?? (error as Error))}`);
  }
  try {
    await selectDatabase(probe, target);
  } finally {
    probe.disconnect();
  }
}

/**
 * The client selects the address's database as it connects, but where the server refuses it the
 * connection goes on in database 0, where no worker of this sweep listens: ask again, and refuse.
 */
async function selectDatabase(probe: Redis, target: RedisTarget): Promise<void> {
  const database = databaseOf(target);
  if (database === 0) return;
  try {
    await probe.select(database);
  } catch (error) {
    throw new UserError(
      `Redis at ${target.shown} has no database ${database} (${(error as Error).message}): a server has databases 0 to N-1, ` +
        "N its 'databases' setting (16 unless changed); give one of those, the same on the coordinator and every worker",
    );
  }
}

function databaseOf(target: RedisTarget): number {
  const path = new URL(target.url).pathname;
  return /^\/\d+$/.test(path) ? Number(path.slice(1)) : 0;
}

function describe(error: Error): string {
  const code = (error as { code?: string }).code;
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(error.message)) return 'it refused the password (give it in the URL: redis://:PASSWORD@host:port)';
  return code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

/**
 * Waits for `work`, but at most `ms` (Infinity: no limit), and no longer once `until` is aborted:
 * for closing connections, which wait on Redis and would wait forever while it is away. The timer
 * keeps the process alive meanwhile and is cleared after.
 */
export async function atMost(work: Promise<unknown>, ms: number, until?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limits: Promise<void>[] = [];
  if (Number.isFinite(ms)) limits.push(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))));
  if (until !== undefined) {
    limits.push(
      new Promise<void>((resolve) => {
        onAbort = () => resolve();
        if (until.aborted) resolve();
        else until.addEventListener('abort', onAbort, { once: true });
      }),
    );
  }
  try {
    await Promise.race([work.then(() => {}, () => {}), ...limits]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) until?.removeEventListener('abort', onAbort);
  }
}
