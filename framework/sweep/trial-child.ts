// A trial process (trial-process.ts) forked from this one: the sweep's local executor and a
// queue worker both run trials this way, so a crash, an out-of-memory kill or a NaN ends one trial.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromTrial, ToTrial, TrialRequest } from './trial-protocol.js';

const TRIAL_PROCESS = fileURLToPath(new URL('./trial-process.js', import.meta.url));

export interface TrialChild {
  /** Tells the trial to prune or stop, if it is still listening. */
  tell(message: ToTrial): void;
  /** Ends the process now (SIGKILL): for a worker handing its trial back. */
  kill(): void;
}

export interface TrialChildEvents {
  message(message: FromTrial): void;
  /** The process is gone; `why` says how when it did not exit cleanly. */
  exit(why: string | undefined): void;
}

/** Runs `request` in a new process whose native thread pool gets `threads` threads. */
export function forkTrial(request: TrialRequest, env: NodeJS.ProcessEnv, threads: number, events: TrialChildEvents): TrialChild {
  const child = fork(TRIAL_PROCESS, [], {
    env: { ...env, FOLIO_THREADS: String(threads) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on('message', (message: FromTrial) => events.message(message));
  child.on('exit', (code, signal) => {
    if (code === 0) return events.exit(undefined);
    const why = signal !== null ? `killed by ${signal}` : `exited with code ${code}`;
    events.exit(`trial process ${why}${stderr ? `: ${lastLine(stderr)}` : ''}`);
  });
  child.send({ kind: 'run', request } satisfies ToTrial);
  return {
    tell: (message) => {
      if (child.connected) child.send(message);
    },
    kill: () => child.kill('SIGKILL'),
  };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
