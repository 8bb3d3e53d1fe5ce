// folio worker --queue redis://HOST:PORT: runs the trials of sweeps started elsewhere with
// `folio sweep --queue`, until stopped. Ctrl-C finishes the running trials and exits; a second
// Ctrl-C (or SIGTERM, as service managers send) hands them back to the queue for another worker.
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { parseRedisTarget } from '../../sweep/queue/redis-target.js';
import { runWorker } from '../../sweep/queue/worker.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { resolveCacheDir } from '../cache-dir.js';
import { expectPositionals, mistake, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';

export const workerDeclaration = {
  name: 'worker',
  summary: 'runs the trials of sweeps started elsewhere with folio sweep --queue, until stopped',
  positionals: [],
  options: {
    queue: { kind: 'string', value: 'redis://HOST:PORT', help: 'the Redis address the sweeps use (required)' },
    concurrency: { kind: 'positive-integer', default: 1, help: 'trials at a time' },
    name: { kind: 'string', value: 'NAME', help: "this worker's name in the sweeps' records (default: host-pid)" },
    'lock-seconds': { kind: 'positive-integer', value: 'S', default: 30, help: 'how long a trial stays claimed without a word from this worker' },
  },
  notes: ['Ctrl-C finishes the running trials and exits; a second Ctrl-C (or SIGTERM) hands them back to the queue'],
} as const satisfies CommandDeclaration;

export const workerUsage = usageLine(workerDeclaration);

export async function workerCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(workerDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(workerDeclaration, positionals, 0, 'no arguments');
  if (values.queue === undefined) throw mistake(workerDeclaration, 'folio worker needs --queue, the Redis address its sweeps use');
  const target = parseRedisTarget(values.queue, io.env);
  const { concurrency } = values;
  const lockMs = values['lock-seconds'] * 1_000;
  const name = values.name ?? `${hostname()}-${process.pid}`;

  const finish = new AbortController();
  const handBack = new AbortController();
  const onSigint = () => (finish.signal.aborted ? handBack.abort() : finish.abort());
  const onSigterm = () => {
    finish.abort();
    handBack.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    const outcome = await runWorker({
      target,
      name,
      concurrency,
      cwd: io.cwd,
      runsDir: join(dirname(resolveStorePath(undefined, io)), 'worker'),
      cacheDir: resolveCacheDir(io.env, io.cwd),
      env: io.env,
      say: (line) => io.stderr.write(`folio worker: ${line}\n`),
      finish: finish.signal,
      handBack: handBack.signal,
      lockMs,
      stalledIntervalMs: lockMs,
    });
    if (outcome.refused !== undefined) throw new UserError(outcome.refused);
    io.stderr.write(`folio worker: ${name} stopped after ${outcome.trials} trial${outcome.trials === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}
