// Long-running `folio` processes for the queue tests (workers, coordinators), each killed after
// its test if it is still running.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { FOLIO_BIN } from '../helpers/cli.js';
import { isolatedEnv } from '../helpers/isolated-env.js';

export interface FolioProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves with the output once it matches `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const started: FolioProcess[] = [];
afterEach(async () => {
  for (const process of started.splice(0)) {
    if (process.child.exitCode === null && process.child.signalCode === null) {
      process.child.kill('SIGKILL');
      await process.exited;
    }
  }
});

export function startFolio(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): FolioProcess {
  const child = spawn(process.execPath, [FOLIO_BIN, ...args], {
    cwd: options.cwd,
    env: isolatedEnv({ FOLIO_CACHE: join(options.cwd, 'cache'), ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: (() => void)[] = [];
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const handle: FolioProcess = {
    child,
    output: () => text,
    exited,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`folio ${args.join(' ')} never printed ${pattern}; it printed:\n${text}`);
        if (child.exitCode !== null) throw new Error(`folio ${args.join(' ')} exited (${child.exitCode}) before printing ${pattern}:\n${text}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return text;
    },
  };
  started.push(handle);
  return handle;
}
