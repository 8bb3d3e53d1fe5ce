// Where trials run. The sweep only starts trials and listens to them through this interface, so
// that an executor for many machines (a queue such as BullMQ on Redis, with the store still the
// one place results land) can replace the local one without touching the sweep logic.
import { availableParallelism } from 'node:os';
import { forkTrial } from './trial-child.js';
import type { TrialRequest } from './trial-protocol.js';

export interface TrialListener {
  /** maxMinutes: the trial's time budget (train.max_minutes), when it has one. */
  started(runId: number, maxSteps: number, maxMinutes?: number): void;
  metrics(step: number, values: Record<string, number>): void;
  /** Exactly once, however the trial ended (a crash included). */
  ended(outcome: { runId: number; status: string; step: number; error?: string }): void;
}

export interface TrialHandle {
  /** Stop early as `pruned`. */
  prune(): void;
  /** Stop as `interrupted` (the sweep was stopped). */
  stop(): void;
}

/** A trial an earlier invocation of the sweep put on a queue that is still there (see prepare). */
export interface InFlightTrial {
  trialKey: string;
  overrides: string[];
}

export interface TrialExecutor {
  /** How many trials may run at once. */
  readonly slots: number;
  /**
   * Called once the sweep knows its id, before it reads what earlier invocations finished: an
   * executor whose trials outlive the sweep's process (a queue) records what finished meanwhile,
   * and returns the trials still running or waiting, which the sweep takes up again with start().
   */
  prepare?(sweepId: number): Promise<InFlightTrial[]>;
  /** Starts the trial, or (for a trial prepare() returned) listens to it again. */
  start(request: TrialRequest, listener: TrialListener): TrialHandle;
  /** Lets go of connections; called once the sweep has ended. */
  close?(): Promise<void>;
}

/**
 * Trials as child processes of this one, `slots` at a time, the machine's cores divided between
 * them (each trial's native thread pool gets its share, so two trials on two cores do not fight).
 */
export class LocalProcessExecutor implements TrialExecutor {
  private readonly threadsPerTrial: number;

  constructor(readonly slots: number, private readonly env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()) {
    this.threadsPerTrial = Math.max(1, Math.floor(cores / slots));
  }

  start(request: TrialRequest, listener: TrialListener): TrialHandle {
    let runId = -1;
    let lastStep = 0;
    let ended = false;
    const end = (outcome: { runId: number; status: string; step: number; error?: string }) => {
      if (ended) return;
      ended = true;
      listener.ended(outcome);
    };
    const child = forkTrial(request, this.env, this.threadsPerTrial, {
      message: (message) => {
        if (message.kind === 'started') {
          runId = message.runId;
          listener.started(message.runId, message.maxSteps, message.maxMinutes);
        } else if (message.kind === 'metrics') {
          lastStep = message.step;
          listener.metrics(message.step, message.values);
        } else if (message.kind === 'ended') end(message);
      },
      // A process that died without saying how it ended: killed, out of memory, a native crash.
      exit: (why) => end({ runId, status: 'failed', step: lastStep, error: why ?? 'trial process exited without a result' }),
    });
    return { prune: () => child.tell({ kind: 'prune' }), stop: () => child.tell({ kind: 'stop' }) };
  }
}
