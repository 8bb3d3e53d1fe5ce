// Where trials run. The sweep only starts trials and listens to them through this interface, so
// that an executor for many machines (a queue such as BullMQ on Redis, with the store still the
// one place results land) can replace the local one without touching the sweep logic.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FromTrial, ToTrial, TrialRequest } from './trial-protocol.js';

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

export interface TrialExecutor {
  /** How many trials may run at once. */
  readonly slots: number;
  start(request: TrialRequest, listener: TrialListener): TrialHandle;
}

const TRIAL_PROCESS = fileURLToPath(new URL('./trial-process.js', import.meta.url));

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
    const child = fork(TRIAL_PROCESS, [], {
      env: { ...this.env, FOLIO_THREADS: String(this.threadsPerTrial) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    let runId = -1;
    let lastStep = 0;
    let ended = false;
    const end = (outcome: { runId: number; status: string; step: number; error?: string }) => {
      if (ended) return;
      ended = true;
      listener.ended(outcome);
    };
    child.on('message', (message: FromTrial) => {
      if (message.kind === 'started') {
        runId = message.runId;
        listener.started(message.runId, message.maxSteps, message.maxMinutes);
      } else if (message.kind === 'metrics') {
        lastStep = message.step;
        listener.metrics(message.step, message.values);
      } else end(message);
    });
    child.on('exit', (code, signal) => {
      // A process that died without saying how it ended: killed, out of memory, a native crash.
      const why = signal !== null ? `killed by ${signal}` : `exited with code ${code}`;
      end({ runId, status: 'failed', step: lastStep, error: `trial process ${why}${stderr ? `: ${lastLine(stderr)}` : ''}` });
    });
    child.send({ kind: 'run', request } satisfies ToTrial);
    const tell = (message: ToTrial) => {
      if (child.connected) child.send(message);
    };
    return { prune: () => tell({ kind: 'prune' }), stop: () => tell({ kind: 'stop' }) };
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
