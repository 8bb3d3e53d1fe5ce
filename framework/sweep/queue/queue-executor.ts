// The coordinator's executor for sweeps across machines: trials go on a BullMQ queue that workers
// (`folio worker`) take them from, and what the workers report comes back on a Redis stream, which
// this process replays on its store. The sweep logic (samplers, pruners, resume) is the same as
// for local trials; only where trials run changes.
import { hostname } from 'node:os';
import { relative } from 'node:path';
import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { folioVersion } from '../../package-root.js';
import type { RunDetail, RunStore } from '../../tracking/store.js';
import type { InFlightTrial, TrialExecutor, TrialHandle, TrialListener, TrialOutcome } from '../executor.js';
import { FINISHED_STATUSES } from '../study.js';
import type { TrialRequest } from '../trial-protocol.js';
import { atMost, bullConnection, checkReachable, connectRedis } from './connection.js';
import { EventApplier } from './event-applier.js';
import { controlHash, EVENTS_FIELD, eventsStream, jobId, TRIAL_QUEUE, type QueueEvent, type TrialCommand, type TrialJobData } from './protocol.js';
import type { RedisTarget } from './redis-target.js';
import { replayRun } from './replay-run.js';
import { sweepKeyOf } from './sweep-key.js';

export interface QueueExecutorOptions {
  target: RedisTarget;
  /** How many trials the sweep keeps on the queue at once (its `parallel:`). */
  slots: number;
  store: RunStore;
  storePath: string;
  /** The component set the base config resolves with, which workers must match. */
  registryHash: string;
  /** Where relative config paths are resolved from (workers resolve them from theirs). */
  cwd: string;
  say: (line: string) => void;
  /** How often outstanding jobs are checked for a failure no worker reported (a job stalled too often). */
  checkEveryMs?: number;
}

/** Job states in which a trial is still on its way: the coordinator waits for its events. */
const ON_ITS_WAY = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export class QueueExecutor implements TrialExecutor {
  readonly slots: number;
  private readonly queue: Queue;
  private readonly redis: Redis;
  private readonly reader: Redis;
  private readonly applier: EventApplier;
  private readonly listeners = new Map<string, TrialListener>();
  /** Jobs known to be on the queue (enqueue() has finished with them): only these are checked. */
  private readonly onQueue = new Set<string>();
  /** The sweep's name in Redis (sweep-key.ts), known from prepare() on. */
  private sweepKey = '';
  /** The Redis stream the sweep's workers report on. */
  private stream = '';
  private closed = false;
  /** The user was told that no worker serves the queue, and has not yet been told that one does. */
  private saidNoWorkers = false;
  /** The loop that applies the workers' reports, from prepare() to close(). */
  private reading: Promise<void> | undefined;
  /** When outstanding jobs were last checked for a failure no worker reported. */
  private lastCheckAt = 0;

  /** Connects, failing with a clear error (exit 2) when Redis cannot be reached. */
  static async open(options: QueueExecutorOptions): Promise<QueueExecutor> {
    await checkReachable(options.target);
    return new QueueExecutor(options);
  }

  private constructor(private readonly options: QueueExecutorOptions) {
    this.slots = options.slots;
    this.redis = connectRedis(options.target, options.say);
    this.reader = connectRedis(options.target, () => {}); // the same outage: said once, by the first
    this.queue = new Queue(TRIAL_QUEUE, { connection: bullConnection(options.target) });
    this.queue.on('error', () => {}); // outages are reported by this.redis
    this.applier = new EventApplier(options.store, { listener: (job) => this.listeners.get(job), say: options.say });
  }

  /**
   * Applies what workers reported while no coordinator listened (trials that finished meanwhile are
   * recorded now, once), then returns the trials still on the queue, for the sweep to take up again.
   */
  async prepare(sweepId: number): Promise<InFlightTrial[]> {
    this.sweepKey = sweepKeyOf(this.options.storePath, sweepId);
    this.stream = eventsStream(this.sweepKey);
    while ((await this.readOnce(0)) > 0);
    const jobs = (await this.queue.getJobs([...ON_ITS_WAY] as never[])) as (Job | undefined)[];
    const ours = jobs.map((job) => job?.data as TrialJobData | undefined).filter((data) => data?.sweepKey === this.sweepKey);
    this.reading = this.readLoop();
    return ours.map((data) => ({ trialKey: data!.request.trialKey, overrides: data!.request.overrides }));
  }

  start(request: TrialRequest, listener: TrialListener): TrialHandle {
    const id = jobId(this.sweepKey, request.trialKey);
    this.listeners.set(id, listener);
    this.enqueue(id, request).catch((error: unknown) => this.giveUp(id, `could not put the trial on the queue: ${(error as Error).message}`));
    return {
      prune: () => void this.command(request.trialKey, 'prune'),
      stop: () => void this.stop(id, request.trialKey),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.disconnect(); // ends a blocked XREAD
    await this.reading?.catch(() => {});
    await atMost(this.queue.close(), 3_000); // Redis away: its connections are ended below all the same
    await atMost(this.queue.disconnect(), 1_000);
    this.redis.disconnect();
  }

  private async enqueue(id: string, request: TrialRequest): Promise<void> {
    const existing = await this.queue.getJob(id);
    const state = existing === undefined ? undefined : await existing.getState();
    if (existing !== undefined && state !== undefined && ON_ITS_WAY.has(state)) {
      // Still waiting, but queued by a coordinator of other code: queued again, so that the
      // workers of this code take it.
      const queued = existing.data as TrialJobData;
      const stale = state !== 'active' && (queued.registryHash !== this.options.registryHash || queued.folioVersion !== folioVersion());
      if (!stale) {
        this.onQueue.add(id);
        return this.takeUp(id);
      }
    }
    // Run again (it was interrupted or failed before): a fresh job under the same id, whose
    // attempts count from 1 again; the earlier run stays recorded as it ended.
    await existing?.remove();
    await this.redis.hdel(controlHash(this.sweepKey), request.trialKey);
    if (this.options.store.queueTrial(id) !== undefined) {
      // A partial run of an attempt handed back before is replaced, as a later attempt would replace it.
      const partial = this.liveRunOf(id);
      if (partial !== null) this.options.store.discardRun(partial);
      this.options.store.setQueueTrial(id, { runId: null, attempt: 0, lastSeq: 0 });
    }
    const data: TrialJobData = {
      sweepKey: this.sweepKey,
      request: { sweepId: request.sweepId, trialKey: request.trialKey, runName: request.runName, configFile: relative(this.options.cwd, request.configFile), overrides: request.overrides },
      folioVersion: folioVersion(),
      registryHash: this.options.registryHash,
      coordinatorHost: hostname(),
    };
    await this.queue.add('trial', data, { jobId: id, attempts: 1, removeOnComplete: { count: 10_000 }, removeOnFail: { count: 10_000 } });
    this.onQueue.add(id);
  }

  /** A trial an earlier coordinator queued: tell the sweep what the store already has of it. */
  private takeUp(id: string): void {
    const live = this.liveRunOf(id);
    const listener = this.listeners.get(id);
    if (live === null || listener === undefined) return;
    replayRun(this.options.store, live, listener);
  }

  private async command(trialKey: string, command: TrialCommand): Promise<void> {
    await this.redis.hset(controlHash(this.sweepKey), trialKey, command);
  }

  /** A trial still waiting is taken off the queue; one running is told to stop. */
  private async stop(id: string, trialKey: string): Promise<void> {
    const job = await this.queue.getJob(id);
    const state = await job?.getState();
    if (job !== undefined && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
      const removed = await job.remove().then(() => true, () => false); // taken meanwhile: stop it instead
      if (removed) return this.end(id, { runId: -1, status: 'interrupted', step: 0 });
    }
    await this.command(trialKey, 'stop');
  }

  /** Ends a trial whose worker will not report it; its run, if it is still running, is marked failed. */
  private giveUp(id: string, error: string): void {
    const live = this.liveRunOf(id);
    if (live !== null) this.options.store.finishRun(live, 'failed', error);
    this.end(id, { runId: this.options.store.queueTrial(id)?.runId ?? -1, status: 'failed', step: 0, error });
  }

  /** How a queued trial's run ended, as its worker recorded it (completed, pruned, diverged or failed); null otherwise. */
  private recordedEndingOf(id: string): TrialOutcome | null {
    const run = this.runOf(id);
    if (run === undefined || !FINISHED_STATUSES.has(run.status)) return null;
    return { runId: run.id, status: run.status, step: run.lastStep ?? 0, ...(run.error === null ? {} : { error: run.error }) };
  }

  /** The run of a queued trial while it is alive (running, its heartbeats arriving); null otherwise. */
  private liveRunOf(id: string): number | null {
    const run = this.runOf(id);
    return run?.status === 'running' ? run.id : null;
  }

  /** The recorded run of a queued trial, once a worker has started it. */
  private runOf(id: string): RunDetail | undefined {
    const runId = this.options.store.queueTrial(id)?.runId ?? null;
    return runId === null ? undefined : this.options.store.getRun(runId);
  }

  private end(id: string, outcome: TrialOutcome): void {
    const listener = this.listeners.get(id);
    this.forget(id);
    listener?.ended(outcome);
  }

  /** Stops following a trial: it has ended, as its worker reported or as this process decided. */
  private forget(id: string): void {
    this.listeners.delete(id);
    this.onQueue.delete(id);
  }

  /** Reads and applies up to a batch of stream entries, waiting up to `blockMs` for one; returns how many. */
  private async readOnce(blockMs: number): Promise<number> {
    const cursor = this.options.store.queueCursor(this.stream) ?? '0';
    const reply =
      blockMs > 0
        ? await this.reader.xread('COUNT', 500, 'BLOCK', blockMs, 'STREAMS', this.stream, cursor)
        : await this.reader.xread('COUNT', 500, 'STREAMS', this.stream, cursor);
    const entries = reply?.[0]?.[1] ?? [];
    for (const [entryId, fields] of entries) {
      const at = fields.indexOf(EVENTS_FIELD);
      this.applyEntry(entryId, at >= 0 ? (JSON.parse(fields[at + 1]!) as QueueEvent[]) : []);
    }
    // What has been applied is in the store; Redis need not keep it.
    const last = entries.at(-1)?.[0];
    if (last !== undefined) await this.redis.xtrim(this.stream, 'MINID', last);
    return entries.length;
  }

  /** One stream entry: recorded in the store, and the trials it ends are followed no more. */
  private applyEntry(entryId: string, events: QueueEvent[]): void {
    this.applier.applyEntry(this.stream, entryId, events);
    const started = events.find((event) => event.kind === 'started');
    if (started !== undefined && this.saidNoWorkers) {
      this.saidNoWorkers = false; // said again should every worker go
      this.options.say(`worker ${started.worker} now takes trials from ${this.options.target.shown}`);
    }
    for (const event of events) if (event.kind === 'ended') this.forget(event.job);
  }

  /** Applies what workers report until close(), checking now and then on jobs no worker will report. */
  private async readLoop(): Promise<void> {
    const checkEvery = this.options.checkEveryMs ?? 2_000;
    this.lastCheckAt = Date.now();
    while (!this.closed) {
      try {
        await this.readOnce(500);
        if (Date.now() - this.lastCheckAt >= checkEvery) {
          this.lastCheckAt = Date.now();
          await this.checkOutstanding();
        }
      } catch {
        if (this.closed) return;
        // Redis is away: the connection retries and says so; try again shortly.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /**
   * A job BullMQ failed itself (stalled more often than allowed) never gets an `ended` from a
   * worker. And a sweep waiting on a queue nobody serves says so (and readOnce says when one does).
   */
  private async checkOutstanding(): Promise<void> {
    const workers = await this.queue.getWorkersCount();
    if (workers === 0 && this.listeners.size > 0 && !this.saidNoWorkers) {
      this.saidNoWorkers = true;
      this.options.say(`no worker takes trials from ${this.options.target.shown} yet; on each machine that should run them: folio worker --queue ${this.options.target.shown}`);
    }
    for (const id of [...this.onQueue]) {
      const job = await this.queue.getJob(id);
      if (job === undefined) {
        // Gone from the queue (a Redis that restarted without its data) while its worker may
        // still be training it: as long as its run is alive, its own report says how it ends.
        if (this.liveRunOf(id) !== null) continue;
        // Its run may have ended already, with the `ended` event still in a later batch: the
        // recorded ending is the trial's, not a failure of the queue.
        const recorded = this.recordedEndingOf(id);
        if (recorded !== null) this.end(id, recorded);
        else this.giveUp(id, 'the trial disappeared from the queue (did Redis restart without its data?)');
        continue;
      }
      const state = await job.getState();
      if (state === 'failed') this.giveUp(id, `the queue failed the trial: ${job.failedReason ?? 'no reason given'}`);
    }
  }
}
