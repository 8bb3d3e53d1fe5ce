// What a sweep's store says about its trials, for comparing a sweep through the queue with the
// same sweep run locally: results (which must match) and the time between one trial's end and the
// next one's start in the same slot (what each hand-over costs).
import { RunStore } from '../../framework/tracking/store.js';
import { median } from '../run-config.js';

export interface TrialTimes {
  lr: number;
  status: string;
  valLoss: number | null;
  startedAt: number;
  endedAt: number | null;
  /** The worker that ran it (queue only). */
  worker?: string;
}

/** The trials of the store's one sweep. */
export function readTrials(storePath: string): TrialTimes[] {
  const store = RunStore.open(storePath);
  try {
    const sweep = store.listSweeps()[0];
    if (sweep === undefined) throw new Error(`no sweep in ${storePath}`);
    return store.sweepTrials(sweep.id).map((trial) => {
      const worker = store.getRun(trial.id)?.info.worker;
      const lr = (trial.config as { optimizer: { lr: number } }).optimizer.lr;
      return {
        lr,
        status: trial.status,
        valLoss: trial.valLoss,
        startedAt: trial.startedAt,
        endedAt: trial.endedAt,
        ...(typeof worker === 'string' ? { worker } : {}),
      };
    });
  } finally {
    store.close();
  }
}

/**
 * Milliseconds from a trial's end to the start of the next one in its place: on the same worker
 * when the trials name theirs, otherwise the k-th trial to start is taken to fill the place of the
 * (k - slots)-th to end (the local executor starts a trial as soon as one ends).
 * Both times are when the store recorded them: on the coordinator, for trials run by workers.
 */
export function handoverGapsMs(trials: readonly TrialTimes[], slots: number): number[] {
  const ended = trials.filter((t) => t.endedAt !== null);
  if (ended.length > 0 && ended.every((t) => t.worker !== undefined)) {
    const byWorker = new Map<string, TrialTimes[]>();
    for (const trial of ended) byWorker.set(trial.worker!, [...(byWorker.get(trial.worker!) ?? []), trial]);
    return [...byWorker.values()].flatMap((own) => {
      const ordered = own.sort((a, b) => a.startedAt - b.startedAt);
      return ordered.slice(1).map((t, i) => t.startedAt - ordered[i]!.endedAt!);
    });
  }
  const starts = ended.map((t) => t.startedAt).sort((a, b) => a - b);
  const ends = ended.map((t) => t.endedAt!).sort((a, b) => a - b);
  return starts.slice(slots).map((start, k) => start - ends[k]!);
}

/** The largest difference in final val/loss between the same learning rates in two sweeps (NaN when one is missing). */
export function largestResultGap(a: readonly TrialTimes[], b: readonly TrialTimes[]): number {
  const other = new Map(b.map((t) => [t.lr, t.valLoss]));
  if (a.length !== b.length) return NaN;
  return Math.max(...a.map((t) => Math.abs((t.valLoss ?? NaN) - (other.get(t.lr) ?? NaN))));
}

export const medianOf = (values: readonly number[]) => (values.length === 0 ? NaN : median(values));
