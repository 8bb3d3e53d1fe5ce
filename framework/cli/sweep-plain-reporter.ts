// A sweep's progress as plain log lines, no ANSI codes: for CI, pipes and --plain. One line when the
// sweep starts, when a trial starts and ends, a compact progress line now and then, one at the end.
import {
  bestPoint,
  initialSweepState,
  sweepCounts,
  sweepElapsedMs,
  sweepEtaMs,
  sweepReducer,
  type SweepState,
} from '../sweep/live-state.js';
import type { SweepEvent, SweepReporter } from '../sweep/events.js';
import { formatDuration, formatRunLength, printable } from '../present/format.js';
import { formatDone, formatMeanStd, formatObjective, formatObjectiveName, formatPoint, formatSweepCounts } from '../present/sweep-format.js';

export interface SweepPlainReporterOptions {
  /** Wall clock (ms), for elapsed time and ETA (tests pass a fake). */
  now?: () => number;
  /** Least time between two progress lines (ms); trial starts and ends are always written. */
  progressEveryMs?: number;
}

export const DEFAULT_PROGRESS_EVERY_MS = 30_000;

export function createSweepPlainReporter(out: NodeJS.WritableStream, options: SweepPlainReporterOptions = {}): SweepReporter {
  const now = options.now ?? Date.now;
  const progressEveryMs = options.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS;
  let state: SweepState = initialSweepState;
  let lastProgressAt = -Infinity;
  let closing: Promise<void> | undefined;

  const linesFor = (event: SweepEvent, at: number): string[] => {
    switch (event.kind) {
      case 'start':
        lastProgressAt = at;
        return [startLine(state)];
      case 'trial-start':
        return [`trial run ${event.runId} started: ${formatPoint(event.point)} seed ${event.seed} (${formatRunLength(event.maxSteps, event.maxMinutes)})`];
      case 'trial-progress':
        // Progress is worth a line only now and then: a trial logs far more often than anyone reads.
        if (at - lastProgressAt < progressEveryMs) return [];
        lastProgressAt = at;
        return [progressLine(state, at)];
      case 'trial-end': {
        const value = event.value === undefined ? '' : `: ${printable(metricOf(state))} ${formatObjective(event.value)}`;
        const error = event.error === undefined ? '' : ` (${oneLine(event.error)})`;
        return [`${trialName(state, event.trialKey, event.runId)} ${event.status} at step ${event.step}${value}${error} [${countsText(state)}]`];
      }
      case 'end':
        return [endLine(state, at)];
      case 'notice':
        return [`folio: ${event.text}`];
    }
  };

  return {
    report(event) {
      if (closing !== undefined) return;
      const at = now();
      state = sweepReducer(state, event, at);
      const lines = linesFor(event, at);
      if (lines.length > 0) out.write(lines.map((line) => `${line}\n`).join(''));
    },
    close() {
      // An empty write is a barrier: its callback runs once everything before it has been handed on.
      closing ??= new Promise<void>((resolve) => {
        out.write('', () => resolve());
      });
      return closing;
    },
  };
}

/** "sweep 3 lr-grid: grid, 8 trials, 2 at a time, minimize val/loss (3 finished before, resuming)" */
function startLine(state: SweepState): string {
  const sweep = state.sweep!;
  const resumed = sweep.finishedBefore > 0 ? ` (${sweep.finishedBefore} finished before, resuming)` : '';
  return (
    `sweep ${sweep.sweepId} ${printable(sweep.name)}: ${sweep.method}, ${sweep.plannedTrials} trials, ` +
    `${sweep.parallel} at a time, ${formatObjectiveName(sweep.metric, sweep.goal)}${resumed}`
  );
}

/** "progress: 4/8 done (3 completed, 1 pruned, 2 running, 2 waiting), best val/loss 1.7012; running: run 12 500/2000 2.1034, run 13 300/2000; 3m05s, eta 5m10s" */
function progressLine(state: SweepState, now: number): string {
  const best = bestPoint(state);
  const parts = [countsText(state)];
  if (best !== undefined) parts[0] += `, best ${printable(metricOf(state))} ${formatObjective(best.objective)}`;
  const running = state.trials
    .filter((trial) => trial.status === 'running')
    .map((trial) => `run ${trial.runId} ${trial.lastStep}/${trial.maxSteps}${trial.value === undefined ? '' : ` ${formatObjective(trial.value)}`}`);
  if (running.length > 0) parts.push(`running: ${running.join(', ')}`);
  parts.push(`${formatDuration(sweepElapsedMs(state, now))}, eta ${formatDuration(sweepEtaMs(state, now))}`);
  return `progress: ${parts.join('; ')}`;
}

/** "sweep 3 completed in 12m03s: 8/8 done (8 completed); best val/loss 1.7012 ± 0.0030 over 2 seeds: optimizer.lr=3e-3" */
function endLine(state: SweepState, now: number): string {
  const label = state.sweep === undefined ? 'sweep' : `sweep ${state.sweep.sweepId}`;
  const elapsed = state.startedAt === undefined ? '' : ` in ${formatDuration(sweepElapsedMs(state, now))}`;
  const error = state.error === undefined ? '' : ` (${oneLine(state.error)})`;
  const best = bestPoint(state);
  const bestText =
    best === undefined
      ? 'no trial completed with a value'
      : `best ${printable(metricOf(state))} ${formatMeanStd(best.objective, best.std)}` +
        `${best.values.length > 1 ? ` over ${best.values.length} seeds` : ''}: ${formatPoint(best.point)}`;
  return `${label} ${state.status}${elapsed}${error}: ${countsText(state)}; ${bestText}`;
}

/** "4/6 done (3 completed, 1 pruned, 2 interrupted)", as every view counts. */
function countsText(state: SweepState): string {
  const counts = sweepCounts(state);
  const statuses = formatSweepCounts(counts);
  return `${formatDone(counts)}${statuses === '' ? '' : ` (${statuses})`}`;
}

/** "trial run 12", or before its run was recorded "trial optimizer.lr=3e-3 seed 2". */
function trialName(state: SweepState, trialKey: string, runId: number): string {
  if (runId >= 0) return `trial run ${runId}`;
  const trial = state.trials.find((t) => t.trialKey === trialKey);
  return trial === undefined ? 'trial' : `trial ${formatPoint(trial.point)} seed ${trial.seed}`;
}

function metricOf(state: SweepState): string {
  return state.sweep?.metric ?? 'value';
}

function oneLine(text: string): string {
  return printable(text).replace(/\n/g, ' ');
}
