// Trials as child processes of this one (trial-child.ts), `slots` at a time, the machine's cores
// divided between them: each trial's native thread pool gets its share, so two trials on two cores
// do not fight.
import { availableParallelism } from 'node:os';
import type { TrialExecutor, TrialHandle, TrialListener, TrialOutcome } from './executor.js';
import { forkTrial, type TrialChild } from './trial-child.js';
import type { FromTrial, TrialRequest } from './trial-protocol.js';

export class LocalProcessExecutor implements TrialExecutor {
  private readonly threadsPerTrial: number;

  constructor(readonly slots: number, private readonly env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()) {
    this.threadsPerTrial = Math.max(1, Math.floor(cores / slots));
  }

  start(request: TrialRequest, listener: TrialListener): TrialHandle {
    return new LocalTrial(request, listener, this.env, this.threadsPerTrial);
  }
}

/** One trial's process, and what the sweep hears of it: `ended` exactly once, however it ends. */
class LocalTrial implements TrialHandle {
  private readonly child: TrialChild;
  /** The trial's run, once the process has recorded it. */
  private runId = -1;
  /** The last step the trial logged metrics at. */
  private lastStep = 0;
  private ended = false;

  constructor(request: TrialRequest, private readonly listener: TrialListener, env: NodeJS.ProcessEnv, threads: number) {
    this.child = forkTrial(request, env, threads, {
      message: (message) => this.heard(message),
      // A process that died without saying how it ended: killed, out of memory, a native crash.
      exit: (why) => this.end({ runId: this.runId, status: 'failed', step: this.lastStep, error: why ?? 'trial process exited without a result' }),
    });
  }

  prune(): void {
    this.child.tell({ kind: 'prune' });
  }

  stop(): void {
    this.child.tell({ kind: 'stop' });
  }

  private heard(message: FromTrial): void {
    if (message.kind === 'started') {
      this.runId = message.runId;
      this.listener.started(message.runId, message.maxSteps, message.maxMinutes);
    } else if (message.kind === 'metrics') {
      this.lastStep = message.step;
      this.listener.metrics(message.step, message.values);
    } else if (message.kind === 'ended') this.end(message);
  }

  private end(outcome: TrialOutcome): void {
    if (this.ended) return;
    this.ended = true;
    this.listener.ended(outcome);
  }
}
