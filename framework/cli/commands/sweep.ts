// folio sweep <sweep.yaml> | <config.yaml> --param path=v1,v2 ... : run a hyperparameter sweep,
// each trial in its own process, `parallel` at a time (or, with --queue, on the workers of a Redis
// queue); the same command again resumes it.
import { relative } from 'node:path';
import { builtinRegistry } from '../../../components/index.js';
import { inkSweepReporter } from '../../dashboard/index.js';
import type { Registry } from '../../registry/registry.js';
import type { SweepReporter } from '../../sweep/events.js';
import { loadConfig } from '../../config/load.js';
import type { TrialExecutor } from '../../sweep/executor.js';
import { LocalProcessExecutor } from '../../sweep/local-executor.js';
import { registryHash } from '../../sweep/queue/fingerprint.js';
import { parseRedisTarget, type RedisTarget } from '../../sweep/queue/redis-target.js';
import { loadSweepFile, sweepFromCommandLine } from '../../sweep/spec.js';
import { runSweep, type StudyOutcome } from '../../sweep/run-sweep.js';
import type { SweepSpec } from '../../sweep/types.js';
import { validatePoints } from '../../sweep/validate-points.js';
import { RunStore } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { runFilesDir } from '../../tracking/run-files.js';
import { resolveCacheDir } from '../cache-dir.js';
import { interruptOnCtrlC } from '../interrupt.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import type { CommandIO } from '../io.js';
import { liveTerminal } from '../live-terminal.js';
import { createSweepPlainReporter } from '../sweep-plain-reporter.js';
import { SWEEP_RUN_OPTIONS } from '../common-options.js';

export const sweepDeclaration = {
  name: 'sweep',
  summary: 'a hyperparameter sweep, trials in parallel processes (or on workers, --queue); the same command again resumes it',
  positionals: [{ name: '<sweep.yaml | config.yaml>', complete: { files: ['yaml', 'yml'] } }],
  options: {
    param: { kind: 'strings', value: 'path=v1,v2', help: 'with a config file: a parameter to sweep over, e.g. --param optimizer.lr=1e-3,3e-4', complete: 'config-keys' },
    set: { kind: 'strings', value: 'key=value', help: 'override one value of the base config', complete: 'config-keys' },
    ...SWEEP_RUN_OPTIONS,
  },
  notes: ['examples: folio sweep experiments/shakespeare-lr.yaml', '          folio sweep configs/shakespeare-char.yaml --param optimizer.lr=1e-3,3e-4 --parallel 2'],
} as const satisfies CommandDeclaration;

export const sweepUsage = usageLine(sweepDeclaration);

export async function sweepCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(sweepDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(sweepDeclaration, positionals, 1, 'one sweep file or config file');
  const { parallel } = values;
  const registry = builtinRegistry();
  const options = { registry, overrides: values.set, ...(parallel === undefined ? {} : { parallel }), cwd: io.cwd };
  const file = positionals[0]!;
  const queue = values.queue === undefined ? undefined : parseRedisTarget(values.queue, io.env);
  const spec = values.param.length > 0 ? await sweepFromCommandLine(file, values.param, options) : await loadSweepFile(file, options);
  return runAndReport(spec, registry, io, { plain: values.plain, ...(values.store === undefined ? {} : { store: values.store }), ...(queue === undefined ? {} : { queue }) });
}

/** Runs `spec` (new or resumed) with the store, reporter and executor a command line asks for. */
export async function runAndReport(
  spec: SweepSpec,
  registry: Registry,
  io: CommandIO,
  flags: { plain?: boolean; store?: string; resume?: number; queue?: RedisTarget },
): Promise<number> {
  // Every point is checked against the config schema before any trial starts.
  await validatePoints(spec, { registry, cwd: io.cwd });
  const storePath = resolveStorePath(flags.store, io);
  const store = RunStore.open(storePath);
  // Until the reporter draws, a notice goes to stderr; then into the live view or the log.
  let notify = (text: string): void => void io.stderr.write(`folio: ${text}\n`);
  let executor: TrialExecutor;
  try {
    executor = await chooseExecutor(spec, registry, io, { store, storePath, notify: (text) => notify(text), ...(flags.queue === undefined ? {} : { queue: flags.queue }) });
  } catch (error) {
    store.close();
    throw error;
  }
  const reporter = chooseReporter(io, flags.plain ?? false);
  notify = (text) => reporter.report({ kind: 'notice', text });
  // The first Ctrl-C stops every trial after its current step; a second one leaves at once.
  const interrupt = interruptOnCtrlC();
  let outcome: StudyOutcome;
  try {
    outcome = await runSweep(spec, {
      store,
      storePath,
      executor,
      reporter,
      registry,
      cacheDir: resolveCacheDir(io.env, io.cwd),
      runsDir: runFilesDir(storePath),
      signal: interrupt.signal,
      ...(flags.resume === undefined ? {} : { resume: flags.resume }),
    });
  } finally {
    interrupt.dispose();
    await executor.close?.();
    await reporter.close();
    store.close();
  }
  const where = relative(io.cwd, storePath) || storePath;
  io.stdout.write(
    `sweep ${outcome.sweepId} ${outcome.status}: ${outcome.ran} trial${outcome.ran === 1 ? '' : 's'} run` +
      (outcome.skipped > 0 ? `, ${outcome.skipped} finished before` : '') +
      `\nrecorded in ${where}: folio sweeps show ${outcome.sweepId}${outcome.status === 'interrupted' ? `; the same command again (or folio sweeps resume ${outcome.sweepId}) resumes it` : ''}\n`,
  );
  return outcome.status === 'completed' ? 0 : 130;
}

/** Local trial processes, or with --queue the workers of a Redis queue. */
async function chooseExecutor(
  spec: SweepSpec,
  registry: Registry,
  io: CommandIO,
  where: { store: RunStore; storePath: string; queue?: RedisTarget; notify: (text: string) => void },
): Promise<TrialExecutor> {
  if (where.queue === undefined) return new LocalProcessExecutor(spec.parallel, io.env);
  const base = await loadConfig(spec.base, { registry, overrides: spec.overrides });
  // Loaded only here: BullMQ and its Redis client cost a local sweep 0.2 s of start-up for nothing.
  const { QueueExecutor } = await import('../../sweep/queue/queue-executor.js');
  return QueueExecutor.open({
    target: where.queue,
    slots: spec.parallel,
    store: where.store,
    storePath: where.storePath,
    registryHash: registryHash(base.registry),
    cwd: io.cwd,
    say: where.notify,
  });
}

function chooseReporter(io: CommandIO, plain: boolean): SweepReporter {
  const terminal = plain ? undefined : liveTerminal(io);
  return terminal !== undefined ? inkSweepReporter(terminal) : createSweepPlainReporter(io.stdout);
}
