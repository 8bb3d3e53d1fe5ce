// What earlier invocations of a sweep left in the store: the trials they recorded, those that
// finished (with their curves, for the sampler and the pruner), and the runs to continue for those
// that did not.
import type { RunStore } from '../tracking/store.js';
import type { RecordedTrial } from './events.js';
import { storedTrial } from './stored-sweep.js';
import { FINISHED_STATUSES } from './study.js';
import type { Curve, SweepSpec, TrialResult } from './types.js';

/** Every trial earlier invocations recorded, as the views count them. */
export function recordedTrials(store: RunStore, sweepId: number, spec: SweepSpec): RecordedTrial[] {
  return store.sweepTrials(sweepId).map((row) => {
    const { name: _name, config, ...trial } = storedTrial(row, spec, store);
    // A run of an older Folio has no trial key: it stands for itself, as in the analysis.
    return { ...trial, trialKey: row.trialKey ?? `run ${row.id}`, maxSteps: maxItersOf(config) };
  });
}

/** The trials an earlier invocation finished, by trial key, with their curves. */
export function finishedTrials(store: RunStore, recorded: readonly RecordedTrial[], spec: SweepSpec): Map<string, TrialResult> {
  const finished = new Map<string, TrialResult>();
  for (const trial of recorded) {
    if (!FINISHED_STATUSES.has(trial.status)) continue;
    const curve: Curve = store.metricSeries(trial.runId, spec.metric);
    finished.set(trial.trialKey, { point: trial.point, seed: trial.seed, status: trial.status, curve, ...lastValue(curve) });
  }
  return finished;
}

/**
 * The run to continue for each trial that did not finish (interrupted, crashed, or still marked
 * running by a process that is stopping): its newest run, so a trial keeps one run id however
 * often it is interrupted.
 */
export function unfinishedRuns(recorded: readonly RecordedTrial[]): Map<string, number> {
  const runs = new Map<string, number>();
  for (const trial of recorded) {
    if (FINISHED_STATUSES.has(trial.status)) runs.delete(trial.trialKey);
    else if (!runs.has(trial.trialKey) || runs.get(trial.trialKey)! < trial.runId) runs.set(trial.trialKey, trial.runId);
  }
  return runs;
}

function maxItersOf(config: unknown): number {
  const train = (config as { train?: { max_iters?: unknown } } | null)?.train;
  return typeof train?.max_iters === 'number' ? train.max_iters : 0;
}

function lastValue(curve: Curve): { value?: number } {
  const last = curve.at(-1);
  return last === undefined ? {} : { value: last.value };
}
