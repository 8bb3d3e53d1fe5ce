// `folio worker`: takes trials off the sweep queue and runs each as the same child-process trial a
// local sweep runs, reporting what it records to the coordinator through Redis. Its checkpoints
// stay on this machine; the coordinator's store records where.
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { folioVersion } from '../../package-root.js';
import type { TrialRequest } from '../trial-protocol.js';
import { atMost, bullConnection, checkReachable, connectRedis } from './connection.js';
import { EventSender } from './event-sender.js';
import { TRIAL_QUEUE, type TrialJobData } from './protocol.js';
import type { RedisTarget } from './redis-target.js';
import { WorkerTrial } from './worker-trial.js';

export interface WorkerOptions {
  target: RedisTarget;
  name: string;
  concurrency: number;
  /** Config paths in jobs are relative to the coordinator's working directory; here, to this one. */
  cwd: string;
  /** Each trial's files (checkpoints) go to `<runsDir>/<job id>/<attempt>/`. */
  runsDir: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  say: (line: string) => void;
  /** Aborted: take no more trials, finish the running ones, return. */
  finish: AbortSignal;
  /** Aborted: stop the running trials and put them back on the queue for another worker. */
  handBack: AbortSignal;
  /** How long a trial's lock lasts without renewal: a worker silent this long is taken for dead. */
  lockMs?: number;
  /** How often workers look for trials whose worker died. */
  stalledIntervalMs?: number;
  cores?: number;
}

export interface WorkerOutcome {
  trials: number;
  /** Why the worker stopped on its own: a trial it must not run (another Folio, other components). */
  refused?: string;
}

export async function runWorker(options: WorkerOptions): Promise<WorkerOutcome> {
  await checkReachable(options.target);
  const worker = new QueueWorker(options);
  worker.start();
  await worker.stopTaking;
  return worker.leave();
}

/** A worker from start to leave: its connections, the trials it runs, why it stops. */
class QueueWorker {
  private readonly redis: Redis;
  private readonly sender: EventSender;
  /** Native threads per trial: the machine's cores shared between `concurrency` trials. */
  private readonly threads: number;
  private readonly bull: Worker;
  /** The trials whose process runs now. */
  private readonly running = new Set<WorkerTrial>();
  /** Trials taken (refused ones aside). */
  private trials = 0;
  /** Why the worker stopped on its own, if it did. */
  private refused: string | undefined;
  /** BullMQ's loop that takes jobs, from start() on. */
  private runningLoop: Promise<void> = Promise.resolve();
  private resolveStop: () => void = () => {};
  /** Resolves when the worker takes no more trials: told to finish, or a trial it must refuse. */
  readonly stopTaking = new Promise<void>((resolve) => (this.resolveStop = resolve));

  constructor(private readonly options: WorkerOptions) {
    this.redis = connectRedis(options.target, options.say);
    this.sender = new EventSender(this.redis);
    this.threads = Math.max(1, Math.floor((options.cores ?? availableParallelism()) / options.concurrency));
    this.bull = new Worker(TRIAL_QUEUE, (job, token) => this.runJob(job, token), {
      connection: bullConnection(options.target),
      concurrency: options.concurrency,
      lockDuration: options.lockMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 2,
      autorun: false,
    });
  }

  /** Takes trials until told to finish; a hand-back from then on kills the running ones. */
  start(): void {
    const { options } = this;
    this.bull.on('error', () => {}); // outages are reported by `redis`
    this.bull.on('active', (job: Job) => options.say(`took trial ${(job.data as TrialJobData).request.trialKey} (attempt ${job.attemptsStarted})`));
    this.runningLoop = this.bull.run();
    options.say(`worker ${options.name} takes trials from ${options.target.shown}, ${options.concurrency} at a time (Folio ${folioVersion()})`);
    options.handBack.addEventListener('abort', this.handBackAll, { once: true });
    if (options.finish.aborted) this.resolveStop();
    options.finish.addEventListener('abort', () => this.resolveStop(), { once: true });
  }

  /**
   * Finishes the running trials (or, told to leave now, hands them back), sends what they
   * recorded, and closes every connection.
   */
  async leave(): Promise<WorkerOutcome> {
    const { options } = this;
    if (this.refused === undefined && this.running.size > 0 && !options.handBack.aborted) {
      options.say(`finishing ${this.running.size} running trial(s); Ctrl-C again hands them back to the queue`);
    }
    // BullMQ's close waits on Redis, forever while Redis is away: with no trial to finish there is
    // nothing to wait for, and a second Ctrl-C (or SIGTERM) stops waiting. Meanwhile a timer keeps
    // Node from taking a close that waits on a dropped connection for the end of the program.
    const keepAlive = setInterval(() => {}, 1_000);
    const idle = this.running.size === 0;
    const closed = this.bull.close(idle);
    await atMost(closed, idle ? HAND_BACK_GRACE_MS : Infinity, options.handBack);
    if (options.handBack.aborted) await atMost(closed, HAND_BACK_GRACE_MS);
    // What the trials recorded goes out before the worker leaves, unless it was told to leave now.
    if (options.handBack.aborted) await atMost(this.sender.flush(), HAND_BACK_GRACE_MS);
    else await atMost(this.sender.flush(), Infinity, options.handBack);
    options.handBack.removeEventListener('abort', this.handBackAll);
    this.redis.disconnect();
    // Ends BullMQ's connections too, which a close that Redis never confirmed leaves reconnecting.
    await atMost(this.bull.disconnect(), HAND_BACK_GRACE_MS);
    await atMost(this.runningLoop, HAND_BACK_GRACE_MS);
    clearInterval(keepAlive);
    return { trials: this.trials, ...(this.refused === undefined ? {} : { refused: this.refused }) };
  }

  /** BullMQ's processor: one attempt at a job, from the check that this worker may run it to its report. */
  private async runJob(job: Job, token: string | undefined): Promise<{ status: string }> {
    const trial = new WorkerTrial(job, token, this.sender, this.redis);
    const { data } = trial;
    if (data.folioVersion !== folioVersion()) {
      return this.refuse(trial, `it runs Folio ${folioVersion()} and the coordinator (${data.coordinatorHost}) Folio ${data.folioVersion}: install the same version on both`);
    }
    this.trials++;
    const exited = trial.run(this.requestFor(trial), {
      env: this.options.env,
      threads: this.threads,
      workerName: this.options.name,
      onExit: () => this.running.delete(trial),
    });
    this.running.add(trial);
    const why = await exited;
    if (trial.refusal !== undefined) return this.refuse(trial, trial.refusal);
    if (trial.handedBack) return trial.putBack();
    return this.report(trial, why);
  }

  /** The coordinator's request as this machine runs it: its paths, recording through this worker. */
  private requestFor(trial: WorkerTrial): TrialRequest {
    const { request } = trial.data;
    return {
      ...request,
      configFile: resolve(this.options.cwd, request.configFile),
      storePath: '',
      cacheDir: this.options.cacheDir,
      runsDir: join(this.options.runsDir, trial.jobId),
      remote: { registryHash: trial.data.registryHash, localRunId: trial.attempt },
    };
  }

  /** Tells the coordinator how the trial ended; the job completes once it can read it. */
  private async report(trial: WorkerTrial, why: string | undefined): Promise<{ status: string }> {
    const outcome = trial.outcome(why);
    trial.emit({ kind: 'ended', status: outcome.status, step: outcome.step, ...(outcome.error === undefined ? {} : { error: outcome.error }) });
    await this.sender.flush();
    this.options.say(`trial ${trial.trialKey} ${outcome.status} at step ${outcome.step}`);
    return { status: outcome.status };
  }

  /** A trial this worker must not run: back on the queue, and the worker takes no more. */
  private async refuse(trial: WorkerTrial, reason: string): Promise<never> {
    this.refused = `this worker cannot run the coordinator's trials: ${reason}`;
    void this.bull.close(); // no more trials: the next would be refused too
    trial.emit({ kind: 'refused', worker: this.options.name, reason });
    try {
      return await trial.putBack();
    } finally {
      this.resolveStop(); // once the trial is back on the queue
    }
  }

  private readonly handBackAll = (): void => {
    for (const trial of this.running) trial.handBack();
  };
}

/**
 * How long a worker told to leave now waits for its trials to be handed back (Redis must take
 * them); after that, one still held is re-run elsewhere once its lock runs out.
 */
const HAND_BACK_GRACE_MS = 3_000;
