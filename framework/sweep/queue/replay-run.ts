// A trial an earlier coordinator queued, taken up by this one: the sweep hears what the store
// already holds of its run (its start, then its metrics step by step) as if it had listened all along.
import type { RunStore } from '../../tracking/store.js';
import type { TrialListener } from '../executor.js';

export function replayRun(store: RunStore, runId: number, listener: TrialListener): void {
  const run = store.getRun(runId)!;
  const train = (run.config as { train?: { max_iters?: number; max_minutes?: number } }).train ?? {};
  listener.started(run.id, train.max_iters ?? 0, train.max_minutes);
  const steps = new Map<number, Record<string, number>>();
  for (const key of store.metricKeys(run.id)) {
    for (const { step, value } of store.metricSeries(run.id, key)) {
      if (value !== null) steps.set(step, { ...steps.get(step), [key]: value });
    }
  }
  for (const [step, values] of [...steps].sort(([a], [b]) => a - b)) listener.metrics(step, values);
}
