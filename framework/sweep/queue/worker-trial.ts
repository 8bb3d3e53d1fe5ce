// One attempt of a queued trial on this worker: its trial process, the events it reports to the
// coordinator (numbered in order), the prune and stop commands it polls for, and how it ended.
import { WaitingError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { forkTrial, type TrialChild } from '../trial-child.js';
import type { TrialRequest } from '../trial-protocol.js';
import type { EventSender } from './event-sender.js';
import { controlHash, eventsStream, type QueueEvent, type TrialJobData } from './protocol.js';

/** An event as a trial reports it; where it comes from (job, attempt, place) is added on sending. */
export type EventBody = QueueEvent extends infer E ? (E extends QueueEvent ? Omit<E, 'job' | 'attempt' | 'seq'> : never) : never;

export interface TrialEnd {
  status: string;
  step: number;
  error?: string;
}

/** How often a running trial looks for a prune or stop command from the coordinator. */
const CONTROL_POLL_MS = 500;

export class WorkerTrial {
  readonly data: TrialJobData;
  /** The job's id: the trial's files go under it. */
  readonly jobId: string;
  /** Which attempt at the job this is (a trial re-run after its worker died is a later one). */
  readonly attempt: number;
  private readonly stream: string;
  /** The number of the last event this attempt reported. */
  private seq = 0;
  private child: TrialChild | undefined;
  /** The timer that polls for the coordinator's commands while the process runs. */
  private control: NodeJS.Timeout | undefined;
  /** How the trial process said the trial ended, once it did. */
  private endedAs: TrialEnd | undefined;
  /** The last step the trial logged metrics at. */
  private lastStep = 0;
  private exited = false;
  /** Why the trial process would not run the trial (it resolves it differently), if it would not. */
  refusal: string | undefined;
  /** The worker is leaving now: the trial was killed, to go back on the queue. */
  handedBack = false;

  constructor(
    private readonly job: Job,
    /** BullMQ's lock on the job, needed to put it back. */
    private readonly token: string | undefined,
    private readonly sender: EventSender,
    private readonly redis: Redis,
  ) {
    this.data = job.data as TrialJobData;
    this.jobId = job.id!;
    this.attempt = job.attemptsStarted;
    this.stream = eventsStream(this.data.sweepKey);
  }

  get trialKey(): string {
    return this.data.request.trialKey;
  }

  /** Sends an event to the coordinator, numbered after this attempt's earlier ones. */
  emit(event: EventBody): void {
    this.sender.add(this.stream, { ...event, job: this.jobId, attempt: this.attempt, seq: ++this.seq } as QueueEvent);
  }

  /** Back on the queue for another worker, once what this attempt reported is out. */
  async putBack(): Promise<never> {
    await this.sender.flush();
    await this.job.moveToWait(this.token);
    throw new WaitingError(); // tells BullMQ the job was moved, not finished
  }

  /**
   * Runs the trial process; resolves once it has exited, with why when it did not exit cleanly.
   * `onExit` is called as it exits, before anything else can happen to the trial.
   */
  run(request: TrialRequest, how: { env: NodeJS.ProcessEnv; threads: number; workerName: string; onExit: () => void }): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.child = forkTrial(request, how.env, how.threads, {
        message: (message) => {
          if (message.kind === 'started') {
            this.emit({ kind: 'started', worker: how.workerName, maxSteps: message.maxSteps, ...(message.maxMinutes === undefined ? {} : { maxMinutes: message.maxMinutes }) });
          } else if (message.kind === 'record') {
            if (message.record.call === 'logMetrics') this.lastStep = message.record.step;
            this.emit({ kind: 'record', record: message.record });
          } else if (message.kind === 'ended') this.endedAs = message;
          else if (message.kind === 'refused') this.refusal = message.reason;
        },
        exit: (why) => {
          clearInterval(this.control);
          this.exited = true;
          how.onExit();
          resolve(why);
        },
      });
      this.control = setInterval(() => this.pollControl(), CONTROL_POLL_MS);
    });
  }

  /** Kills the trial process, for the trial to go back on the queue. */
  handBack(): void {
    if (this.exited || this.child === undefined) return;
    this.handedBack = true;
    this.child.kill();
  }

  /** How the trial ended: as its process said, or failed when the process died without saying. */
  outcome(why: string | undefined): TrialEnd {
    return this.endedAs ?? { status: 'failed', step: this.lastStep, error: why ?? 'the trial process exited without a result' };
  }

  /** Passes the coordinator's prune or stop on to the trial process. */
  private pollControl(): void {
    this.redis.hget(controlHash(this.data.sweepKey), this.trialKey).then(
      (command) => {
        if (command === 'prune' || command === 'stop') this.child?.tell({ kind: command });
      },
      () => {}, // Redis away: asked again next time
    );
  }
}
