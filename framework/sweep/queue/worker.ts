// `folio worker`: takes trials off the sweep queue and runs each as the same child-process trial a
// local sweep runs, reporting what it records to the coordinator through Redis. Its checkpoints
// stay on this machine; the coordinator's store records where.
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { WaitingError, Worker, type Job } from 'bullmq';
import { folioVersion } from '../../package-root.js';
import { forkTrial, type TrialChild } from '../trial-child.js';
import type { TrialRequest } from '../trial-protocol.js';
import { atMost, bullConnection, checkReachable, connectRedis } from './connection.js';
import { EventSender } from './event-sender.js';
import { controlHash, eventsStream, TRIAL_QUEUE, type QueueEvent, type TrialJobData } from './protocol.js';
import type { RedisTarget } from './redis-target.js';

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

type EventBody = QueueEvent extends infer E ? (E extends QueueEvent ? Omit<E, 'job' | 'attempt' | 'seq'> : never) : never;

export async function runWorker(options: WorkerOptions): Promise<WorkerOutcome> {
  await checkReachable(options.target);
  const redis = connectRedis(options.target, options.say);
  const sender = new EventSender(redis);
  const threads = Math.max(1, Math.floor((options.cores ?? availableParallelism()) / options.concurrency));
  const running = new Set<TrialChild & { handBack(): void }>();
  let trials = 0;
  let refused: string | undefined;
  let stopWaiting: () => void = () => {};

  const runTrial = async (job: Job, token: string | undefined): Promise<{ status: string }> => {
    const data = job.data as TrialJobData;
    const id = job.id!;
    const attempt = job.attemptsStarted;
    const stream = eventsStream(data.sweepKey);
    let seq = 0;
    const emit = (event: EventBody) => sender.add(stream, { ...event, job: id, attempt, seq: ++seq } as QueueEvent);

    /** Back on the queue for another worker, once what this attempt reported is out. */
    const putBack = async (): Promise<never> => {
      await sender.flush();
      await job.moveToWait(token);
      throw new WaitingError(); // tells BullMQ the job was moved, not finished
    };
    const refuse = async (reason: string): Promise<never> => {
      refused = `this worker cannot run the coordinator's trials: ${reason}`;
      void worker.close(); // no more trials: the next would be refused too
      emit({ kind: 'refused', worker: options.name, reason });
      try {
        return await putBack();
      } finally {
        stopWaiting(); // once the trial is back on the queue
      }
    };
    if (data.folioVersion !== folioVersion()) {
      return refuse(`it runs Folio ${folioVersion()} and the coordinator (${data.coordinatorHost}) Folio ${data.folioVersion}: install the same version on both`);
    }
    trials++;
    const request: TrialRequest = {
      ...data.request,
      configFile: resolve(options.cwd, data.request.configFile),
      storePath: '',
      cacheDir: options.cacheDir,
      runsDir: join(options.runsDir, id),
      remote: { registryHash: data.registryHash, localRunId: attempt },
    };
    return new Promise((done, fail) => {
      let ended: { status: string; step: number; error?: string } | undefined;
      let refusal: string | undefined;
      let lastStep = 0;
      let handedBack = false;
      const child = forkTrial(request, options.env, threads, {
        message: (message) => {
          if (message.kind === 'started') {
            emit({ kind: 'started', worker: options.name, maxSteps: message.maxSteps, ...(message.maxMinutes === undefined ? {} : { maxMinutes: message.maxMinutes }) });
          } else if (message.kind === 'record') {
            if (message.record.call === 'logMetrics') lastStep = message.record.step;
            emit({ kind: 'record', record: message.record });
          } else if (message.kind === 'ended') ended = message;
          else if (message.kind === 'refused') refusal = message.reason;
        },
        exit: (why) => void finished(why),
      });
      const entry = { ...child, handBack: () => ((handedBack = true), child.kill()) };
      running.add(entry);
      const control = setInterval(() => {
        redis.hget(controlHash(data.sweepKey), data.request.trialKey).then(
          (command) => {
            if (command === 'prune' || command === 'stop') child.tell({ kind: command });
          },
          () => {}, // Redis away: asked again next time
        );
      }, 500);

      const finished = async (why: string | undefined) => {
        clearInterval(control);
        running.delete(entry);
        try {
          if (refusal !== undefined) return done(await refuse(refusal));
          if (handedBack) return done(await putBack());
          const outcome = ended ?? { status: 'failed', step: lastStep, error: why ?? 'the trial process exited without a result' };
          emit({ kind: 'ended', status: outcome.status, step: outcome.step, ...(outcome.error === undefined ? {} : { error: outcome.error }) });
          await sender.flush(); // the job completes only once the coordinator can read how it ended
          options.say(`trial ${data.request.trialKey} ${outcome.status} at step ${outcome.step}`);
          done({ status: outcome.status });
        } catch (error) {
          fail(error as Error);
        }
      };
    });
  };

  const worker = new Worker(TRIAL_QUEUE, runTrial, {
    connection: bullConnection(options.target),
    concurrency: options.concurrency,
    lockDuration: options.lockMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 2,
    autorun: false,
  });
  worker.on('error', () => {}); // outages are reported by `redis`
  worker.on('active', (job: Job) => options.say(`took trial ${(job.data as TrialJobData).request.trialKey} (attempt ${job.attemptsStarted})`));
  const runningLoop = worker.run();
  options.say(`worker ${options.name} takes trials from ${options.target.shown}, ${options.concurrency} at a time (Folio ${folioVersion()})`);

  const handBack = () => {
    for (const trial of running) trial.handBack();
  };
  options.handBack.addEventListener('abort', handBack, { once: true });
  await new Promise<void>((resolveWait) => {
    stopWaiting = resolveWait;
    if (options.finish.aborted) resolveWait();
    options.finish.addEventListener('abort', () => resolveWait(), { once: true });
  });
  if (refused === undefined && running.size > 0 && !options.handBack.aborted) {
    options.say(`finishing ${running.size} running trial(s); Ctrl-C again hands them back to the queue`);
  }
  // BullMQ's close waits on Redis, forever while Redis is away: with no trial to finish there is
  // nothing to wait for, and a second Ctrl-C (or SIGTERM) stops waiting. Meanwhile a timer keeps
  // Node from taking a close that waits on a dropped connection for the end of the program.
  const keepAlive = setInterval(() => {}, 1_000);
  const idle = running.size === 0;
  const closed = worker.close(idle);
  await atMost(closed, idle ? HAND_BACK_GRACE_MS : Infinity, options.handBack);
  if (options.handBack.aborted) await atMost(closed, HAND_BACK_GRACE_MS);
  // What the trials recorded goes out before the worker leaves, unless it was told to leave now.
  if (options.handBack.aborted) await atMost(sender.flush(), HAND_BACK_GRACE_MS);
  else await atMost(sender.flush(), Infinity, options.handBack);
  options.handBack.removeEventListener('abort', handBack);
  redis.disconnect();
  // Ends BullMQ's connections too, which a close that Redis never confirmed leaves reconnecting.
  await atMost(worker.disconnect(), HAND_BACK_GRACE_MS);
  await atMost(runningLoop, HAND_BACK_GRACE_MS);
  clearInterval(keepAlive);
  return { trials, ...(refused === undefined ? {} : { refused }) };
}

/**
 * How long a worker told to leave now waits for its trials to be handed back (Redis must take
 * them); after that, one still held is re-run elsewhere once its lock runs out.
 */
const HAND_BACK_GRACE_MS = 3_000;
