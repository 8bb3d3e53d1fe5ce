// The 100-workers question, simulated: 100 workers' metric events against one Redis and one
// coordinator applying them to its SQLite store. Steady load at two rates, then at each rate the
// coordinator away for a while (the events wait in Redis: how much memory) and back (how fast it
// catches up, which is the most it can apply). The workers and the coordinator are child processes; Redis's
// CPU time comes from its INFO. On one machine all three share the cores, which real machines
// would not: the figures are a floor for what the coordinator can take.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { median, percentile } from '../run-config.js';
import { track } from './cli.js';
import type { QueueFigure } from './figure.js';
import type { FromReader, ReaderPhase, SendersCount, ToReader, ToSenders } from './load-protocol.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const STREAM = 'folio:sweep:bench-load:events';

export interface LoadPlan {
  workers: number;
  /** Seconds of each steady phase, and the rates (steps a second per worker, every step logged). */
  steadySeconds: number;
  rates: number[];
  /** Seconds the coordinator is away, at each rate. */
  awaySeconds: number;
}

export const DEFAULT_LOAD: LoadPlan = { workers: 100, steadySeconds: 12, rates: [10, 40], awaySeconds: 6 };

interface RedisSample {
  cpuSeconds: number;
  xadds: number;
  usedBytes: number;
  length: number;
}

export async function simulatedWorkersLoad(redisUrl: string, plan: LoadPlan, log: (line: string) => void): Promise<QueueFigure[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'folio-bench-load-'));
  const redis = new Redis(redisUrl);
  const origin = Date.now();
  const common = [redisUrl, STREAM, String(origin)];
  const reader = track(fork(join(HERE, 'load-reader.js'), [...common, join(scratch, 'coordinator.db')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  let senders: ChildProcess | undefined;
  try {
    await message(reader, (m: FromReader) => m.kind === 'ready');
    senders = track(fork(join(HERE, 'load-senders.js'), [...common, String(plan.workers)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const toSenders = (m: ToSenders) => senders!.send(m);
    const toReader = (m: ToReader) => reader.send(m);
    const sent = async () => (await message(senders!, (m: SendersCount) => m.kind === 'count', () => toSenders({ kind: 'count' }))) as SendersCount;
    await sleep(2_000); // the runs are created

    const figures: QueueFigure[] = [];
    /** One phase: Redis and the senders measured over it, and the reader told to count it apart (unless `readerPhase` is false). */
    const measure = async (name: string, seconds: number, until?: () => Promise<boolean>, readerPhase = true) => {
      if (readerPhase) toReader({ kind: 'phase', name });
      const [before, sentBefore] = [await sample(redis), await sent()];
      const started = performance.now();
      let peakBytes = before.usedBytes;
      let peakLength = before.length;
      while ((performance.now() - started) / 1000 < seconds && !(until !== undefined && (await until()))) {
        await sleep(250);
        const now = await sample(redis);
        peakBytes = Math.max(peakBytes, now.usedBytes);
        peakLength = Math.max(peakLength, now.length);
      }
      const [after, sentAfter] = [await sample(redis), await sent()];
      const wall = (performance.now() - started) / 1000;
      return { before, after, wall, offered: (sentAfter.events - sentBefore.events) / wall, sendersCpu: (sentAfter.cpuSeconds - sentBefore.cpuSeconds) / wall, peakBytes, peakLength };
    };

    const steady: { name: string; rate: number; redis: Awaited<ReturnType<typeof measure>> }[] = [];
    for (const rate of plan.rates) {
      toSenders({ kind: 'rate', stepsPerSecond: rate });
      log(`  ${plan.workers} workers, ${rate} steps/s each: ${plan.steadySeconds} s`);
      steady.push({ name: `rate-${rate}`, rate, redis: await measure(`rate-${rate}`, plan.steadySeconds) });
    }
    const absences: { rate: number; away: Awaited<ReturnType<typeof measure>>; back: Awaited<ReturnType<typeof measure>> }[] = [];
    for (const rate of plan.rates) {
      toSenders({ kind: 'rate', stepsPerSecond: rate });
      log(`  the coordinator away for ${plan.awaySeconds} s at ${rate} steps/s, then back`);
      await measure(`settle-${rate}`, 1); // the last phase's backlog drains before the pause
      toReader({ kind: 'pause' });
      const away = await measure(`away-${rate}`, plan.awaySeconds);
      toReader({ kind: 'phase', name: `back-${rate}` });
      toReader({ kind: 'resume' });
      const back = await measure(`back-${rate}`, 30, async () => (await redis.xlen(STREAM)) < 50, false);
      absences.push({ rate, away, back });
    }
    toSenders({ kind: 'stop' });
    await new Promise((resolve) => senders!.once('exit', resolve));
    toReader({ kind: 'stop' });
    const phases = ((await message(reader, (m: FromReader) => m.kind === 'phases')) as { phases: ReaderPhase[] }).phases;
    const phase = (name: string) => phases.find((p) => p.name === name)!;

    for (const { name, rate, redis: r } of steady) {
      const applied = phase(name);
      const label = `${plan.workers} workers x ${rate} steps/s`;
      const xadds = (r.after.xadds - r.before.xadds) / r.wall;
      figures.push(
        { name: `${label}: events offered`, value: r.offered, unit: '/s' },
        { name: `${label}: stream entries Redis took (XADD)`, value: xadds, unit: '/s' },
        { name: `${label}: events applied to SQLite`, value: applied.events / applied.seconds, unit: '/s' },
        { name: `${label}: lag XADD to commit, median`, value: median(applied.entryLagMs), unit: 'ms' },
        { name: `${label}: lag XADD to commit, p99`, value: percentile(applied.entryLagMs, 99), unit: 'ms' },
        { name: `${label}: lag logged on worker to commit, median`, value: median(applied.metricLagMs), unit: 'ms' },
        { name: `${label}: lag logged on worker to commit, p99`, value: percentile(applied.metricLagMs, 99), unit: 'ms' },
        { name: `${label}: Redis CPU`, value: (100 * (r.after.cpuSeconds - r.before.cpuSeconds)) / r.wall, unit: '% of a core' },
        { name: `${label}: coordinator (reader) CPU`, value: (100 * applied.cpuSeconds) / applied.seconds, unit: '% of a core' },
        { name: `${label}: the 100 simulated workers' CPU (one process)`, value: 100 * r.sendersCpu, unit: '% of a core' },
        { name: `${label}: Redis memory, peak`, value: r.peakBytes / 2 ** 20, unit: 'MiB' },
        { name: `${label}: stream backlog, peak`, value: r.peakLength, unit: 'entries' },
      );
    }
    for (const { rate, away, back } of absences) {
      const label = `${plan.workers} x ${rate} steps/s, coordinator away ${plan.awaySeconds} s`;
      const waited = away.after.length - away.before.length;
      const bytesPerEntry = (away.after.usedBytes - away.before.usedBytes) / Math.max(1, waited);
      const entriesPerMinute = ((away.after.xadds - away.before.xadds) / away.wall) * 60;
      const drained = phase(`back-${rate}`);
      figures.push(
        { name: `${label}: entries waiting in Redis`, value: waited, unit: 'entries' },
        { name: `${label}: Redis memory per waiting entry`, value: bytesPerEntry, unit: 'bytes' },
        { name: `${label}: Redis memory growth`, value: (bytesPerEntry * entriesPerMinute) / 2 ** 20, unit: 'MiB/min' },
        { name: `${label}: back, time to drain`, value: drained.drainedAfterSeconds ?? NaN, unit: 's' },
        { name: `${label}: back, events applied while draining (the ceiling here)`, value: (drained.drainedEvents ?? NaN) / (drained.drainedAfterSeconds ?? NaN), unit: '/s' },
        { name: `${label}: back, stream entries applied while draining`, value: (drained.drainedEntries ?? NaN) / (drained.drainedAfterSeconds ?? NaN), unit: '/s' },
        { name: `${label}: back, Redis memory after trimming`, value: back.after.usedBytes / 2 ** 20, unit: 'MiB' },
      );
    }
    return figures;
  } finally {
    senders?.kill('SIGKILL');
    reader.kill('SIGKILL');
    await redis.del(STREAM).catch(() => {});
    redis.disconnect();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Redis's CPU time, XADD count, memory and the stream's length now. */
async function sample(redis: Redis): Promise<RedisSample> {
  const [info, length] = await Promise.all([redis.info('everything'), redis.xlen(STREAM)]);
  const field = (name: string) => Number(new RegExp(`^${name}:([^\\r\\n]+)`, 'm').exec(info)?.[1] ?? NaN);
  const xadds = Number(/^cmdstat_xadd:calls=(\d+)/m.exec(info)?.[1] ?? 0);
  return { cpuSeconds: field('used_cpu_sys') + field('used_cpu_user'), xadds, usedBytes: field('used_memory'), length };
}

/** The child's next message that `accept` takes, after `ask` (sent once the listener is in place). */
function message<T>(child: ChildProcess, accept: (m: T) => boolean, ask?: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (!accept(m)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`a load-benchmark process exited (${code}) before it answered`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    ask?.();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
