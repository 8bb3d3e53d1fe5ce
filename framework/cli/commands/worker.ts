// folio worker --queue redis://HOST:PORT: runs the trials of sweeps started elsewhere with
// `folio sweep --queue`, until stopped. Ctrl-C finishes the running trials and exits; a second
// Ctrl-C (or SIGTERM, as service managers send) hands them back to the queue for another worker.
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseRedisTarget } from '../../sweep/queue/redis-target.js';
import { runWorker } from '../../sweep/queue/worker.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { resolveCacheDir } from '../cache-dir.js';
import { UserError, type CommandIO } from '../io.js';

export const workerUsage = 'folio worker --queue redis://HOST:PORT [--concurrency N] [--name NAME] [--lock-seconds S]';

export async function workerCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      name: { type: 'string' },
      'lock-seconds': { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`usage: ${workerUsage}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UserError(`unexpected argument "${positionals[0]}"\nusage: ${workerUsage}`);
  if (values.queue === undefined) throw new UserError(`folio worker needs --queue, the Redis address its sweeps use\nusage: ${workerUsage}`);
  const target = parseRedisTarget(values.queue, io.env);
  const concurrency = wholeNumber(values.concurrency, '--concurrency', 'trials at a time');
  const lockMs = wholeNumber(values['lock-seconds'], '--lock-seconds', 'seconds') * 1_000;
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

function wholeNumber(text: string, flag: string, unit: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UserError(`${flag} needs a whole number of ${unit}, 1 or more (got "${text}")\nusage: ${workerUsage}`);
  return value;
}
