// The folio CLI as the benchmark drives it: commands run to their end and timed, and workers that
// run until told to stop. Every process started here is stopped when the benchmark exits, however
// it exits, so that no worker is left taking trials from a Redis that is gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../../test/helpers/redis-process.js';

const FOLIO = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'bin/folio.js');

const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export interface Place {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface RunOptions {
  /** Killed, and the run failed, when this takes longer. */
  timeoutMs?: number;
  /** Killed, and the run failed with the abort's reason, when this is aborted (a worker died). */
  signal?: AbortSignal;
}

/** Runs `folio <args>` to its end; resolves with its wall time, rejects with its stderr's tail when it fails. */
export function runFolio(args: string[], place: Place, options: RunOptions = {}): Promise<number> {
  const started = performance.now();
  const child = track(spawn(process.execPath, [FOLIO, ...args], { cwd: place.cwd, env: place.env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  let killedFor: string | undefined;
  const kill = (why: string) => {
    killedFor ??= why;
    child.kill('SIGKILL');
  };
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => kill(`it took more than ${options.timeoutMs! / 1000} s`), options.timeoutMs);
  const onAbort = () => kill(String((options.signal!.reason as Error | undefined)?.message ?? options.signal!.reason));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (code === 0) done((performance.now() - started) / 1000);
      else fail(new Error(`folio ${args.join(' ')} ${killedFor === undefined ? `exited ${code}` : `was killed: ${killedFor}`}; it said: ${stderr.slice(-800)}`));
    });
  });
}

export interface RunningWorker {
  name: string;
  /** What it has said so far (stderr). */
  said(): string;
  /** Resolves, with what it said, if it exits before it is told to stop. */
  died: Promise<string>;
  /** Ctrl-C: it finishes its trials (none, between sweeps) and exits; killed if it has not within 15 s. Resolves true when it exited on its own. */
  stop(): Promise<boolean>;
}

/** Starts `folio worker` and waits until it says it takes trials. */
export async function startWorker(url: string, name: string, place: Place): Promise<RunningWorker> {
  const child = track(spawn(process.execPath, [FOLIO, 'worker', '--queue', url, '--concurrency', '1', '--name', name], { cwd: place.cwd, env: place.env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const died = new Promise<string>((resolve) => child.once('exit', (code) => stopping || resolve(`folio worker ${name} exited ${code}: ${stderr.slice(-800)}`)));
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return true;
    child.kill('SIGINT');
    let killed = false;
    const timer = setTimeout(() => ((killed = true), child.kill('SIGKILL')), 15_000);
    await exited;
    clearTimeout(timer);
    return !killed;
  };
  try {
    await waitUntil(() => {
      if (child.exitCode !== null) throw new Error(`folio worker ${name} exited ${child.exitCode}: ${stderr.slice(-800)}`);
      return stderr.includes('takes trials from');
    }, `folio worker ${name} did not start within 30 s: ${stderr.slice(-800)}`, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, said: () => stderr, died, stop };
}

/** Kills `child` when the benchmark exits, if it is still running then. */
export function track(child: ChildProcess): ChildProcess {
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  return child;
}
