// folio run <config> [--set key=value]... [--plain] [--store PATH]: train one experiment.
import { dirname, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinRegistry } from '../../../components/index.js';
import { loadConfig } from '../../config/load.js';
import { createInkReporter } from '../../dashboard/live/ink-reporter.js';
import type { ProgressReporter } from '../../training/events.js';
import { runExperiment, type ExperimentResult } from '../../training/experiment.js';
import { RunStore } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { resolveCacheDir } from '../cache-dir.js';
import { interruptOnCtrlC } from '../interrupt.js';
import type { CommandIO } from '../io.js';
import { UserError } from '../io.js';
import { createPlainReporter } from '../plain-reporter.js';

export const runUsage = 'folio run <config.yaml> [--set key=value]... [--plain] [--store PATH]';

export async function runCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      set: { type: 'string', multiple: true, default: [] },
      plain: { type: 'boolean', default: false },
      store: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UserError(`expected one config file\nusage: ${runUsage}`);
  const resolved = await loadConfig(positionals[0]!, { registry: builtinRegistry(), overrides: values.set, cwd: io.cwd });
  const storePath = resolveStorePath(values.store, io);
  const store = RunStore.open(storePath);
  const reporter = chooseReporter(io, values.plain);
  // The first Ctrl-C finishes the current step and records the run as interrupted; a second one leaves at once.
  const interrupt = interruptOnCtrlC();
  let result: ExperimentResult;
  try {
    result = await runExperiment(resolved, {
      registry: resolved.registry, // the built-ins plus the config's own imports
      store,
      reporter,
      cacheDir: resolveCacheDir(io.env, io.cwd),
      runsDir: dirname(storePath),
      signal: interrupt.signal,
    });
  } finally {
    interrupt.dispose();
    await reporter.close();
    store.close();
  }
  io.stdout.write(summary(result, relative(io.cwd, storePath) || storePath));
  return exitCodeOf(result);
}

function chooseReporter(io: CommandIO, plain: boolean): ProgressReporter {
  const stdout = io.stdout as NodeJS.WriteStream;
  return stdout.isTTY && !plain ? createInkReporter({ stdout }) : createPlainReporter(io.stdout);
}

function summary(result: ExperimentResult, storePath: string): string {
  const lines: string[] = [];
  if (result.finalSample !== undefined && result.status === 'completed') {
    lines.push('', '---- sample ----', result.finalSample, '----------------');
  }
  const loss = result.lastValLoss === undefined ? '' : `, val loss ${result.lastValLoss.toFixed(4)}`;
  lines.push(`run ${result.runId} ${result.status} after ${result.step} steps on ${result.backend}${loss}`);
  if (result.error !== undefined) lines.push(`  ${result.error}`);
  lines.push(`recorded in ${storePath}: folio runs show ${result.runId}`, '');
  return lines.join('\n');
}

function exitCodeOf(result: ExperimentResult): number {
  switch (result.status) {
    case 'completed':
      return 0;
    case 'interrupted':
      return 130;
    case 'diverged':
      return 1;
    // Early stopping is an expected end for a sweep's trial, not a failure of the process.
    case 'pruned':
      return 0;
  }
}
