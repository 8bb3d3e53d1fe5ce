// Where trials run. The sweep only starts trials and listens to them through this interface, so
// that an executor for many machines (a queue such as BullMQ on Redis, with the store still the
// one place results land) can replace the local one without touching the sweep logic.
// The local executor is local-executor.ts; the queue's, queue/queue-executor.ts.
import type { TrialRequest } from './trial-protocol.js';

/** How a trial ended, as its executor tells it. */
export interface TrialOutcome {
  runId: number;
  status: string;
  step: number;
  error?: string;
}

export interface TrialListener {
  /** maxMinutes: the trial's time budget (train.max_minutes), when it has one. */
  started(runId: number, maxSteps: number, maxMinutes?: number): void;
  metrics(step: number, values: Record<string, number>): void;
  /** Exactly once, however the trial ended (a crash included). */
  ended(outcome: TrialOutcome): void;
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
