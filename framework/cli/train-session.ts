// Training from the command line (`folio run`, `folio resume`): the store, the live view or plain
// lines, Ctrl-C, the closing summary and the exit code.
import { relative } from 'node:path';
import { createInkReporter } from '../dashboard/live-run/ink-reporter.js';
import type { ProgressReporter } from '../training/events.js';
import { runExperiment, type ExperimentOptions, type ExperimentResult } from '../training/experiment.js';
import type { LoadedConfig } from '../config/load.js';
import type { RunStore } from '../tracking/store.js';
import { runFilesDir } from '../tracking/run-files.js';
import { resolveCacheDir } from './cache-dir.js';
import { keepWorkingWhenStdoutCloses } from './closed-stdout.js';
import { interruptOnCtrlC } from './interrupt.js';
import type { CommandIO } from './io.js';
import { liveTerminal } from './live-terminal.js';
import { createPlainReporter } from './plain-reporter.js';

export interface TrainSession {
  io: CommandIO;
  store: RunStore;
  storePath: string;
  plain: boolean;
  resume?: ExperimentOptions['resume'];
}

/** Trains `resolved`, closes the store, prints the summary and returns the exit code. */
export async function trainFromCli(resolved: LoadedConfig, session: TrainSession): Promise<number> {
  const { io, store } = session;
  // A closed stdout stops the printing, not the training (closed-stdout.ts).
  const output = keepWorkingWhenStdoutCloses(io.stdout);
  const reporter = chooseReporter(io, output.out, session.plain);
  // The first Ctrl-C (or SIGTERM, SIGHUP) finishes the current step, writes a checkpoint and records
  // the run as interrupted; a second one leaves at once.
  const interrupt = interruptOnCtrlC();
  let result: ExperimentResult;
  try {
    result = await runExperiment(resolved, {
      registry: resolved.registry, // the built-ins plus the config's own imports
      store,
      reporter,
      cacheDir: resolveCacheDir(io.env, io.cwd),
      runsDir: runFilesDir(session.storePath), // each run's files go to <store>.runs/<id>/, its store's alone
      signal: interrupt.signal,
      ...(session.resume === undefined ? {} : { resume: session.resume }),
    });
  } finally {
    interrupt.dispose();
    await reporter.close();
    store.close();
  }
  output.out.write(summary(result, relative(io.cwd, session.storePath) || session.storePath));
  await new Promise<void>((done) => output.out.end(done));
  output.dispose();
  return result.status === 'interrupted' ? (interrupt.exitCode() ?? 130) : exitCodeOf(result);
}

function chooseReporter(io: CommandIO, out: NodeJS.WritableStream, plain: boolean): ProgressReporter {
  const terminal = plain ? undefined : liveTerminal(io);
  return terminal !== undefined ? createInkReporter({ stdout: terminal }) : createPlainReporter(out);
}

function summary(result: ExperimentResult, storePath: string): string {
  const lines: string[] = [];
  if (result.finalSample !== undefined && result.status === 'completed') {
    lines.push('', '---- sample ----', result.finalSample, '----------------');
  }
  const loss = result.lastValLoss === undefined ? '' : `, val loss ${result.lastValLoss.toFixed(4)}`;
  lines.push(`run ${result.runId} ${result.status} after ${result.step} steps on ${result.backend}${loss}`);
  if (result.error !== undefined) lines.push(`  ${result.error}`);
  if (result.status === 'interrupted') lines.push(`  continue it: folio resume ${result.runId}`);
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
