// How a trial that did not finish goes on when its sweep runs again: under its own run id, from
// its newest checkpoint, or from step 0 when it kept none; or not at all when it finished meanwhile
// (`folio resume` of the trial by hand). The process that ran it last may still be stopping (a
// killed sweep's trial stops after its current step): it is waited for, never raced.
import type { RunStore } from '../tracking/store.js';
import { CheckpointError } from '../training/checkpoint/errors.js';
import { locateCheckpoint, runOf } from '../training/checkpoint/locate.js';
import { readCheckpoint, type LoadedCheckpoint } from '../training/checkpoint/read.js';
import { SweepError } from './errors.js';

export type TrialContinuation =
  | { kind: 'finished'; runId: number; status: string; step: number }
  | { kind: 'resume'; runId: number; checkpoint: LoadedCheckpoint }
  | { kind: 'restart'; runId: number };

const POLL_MS = 250;

export async function continuationOf(store: RunStore, runId: number, waitMs = 120_000): Promise<TrialContinuation> {
  const waitUntil = Date.now() + waitMs;
  let run = runOf(store, runId);
  while (run.status === 'running') {
    if (Date.now() > waitUntil) {
      const pid = typeof run.info.pid === 'number' ? ` (process ${run.info.pid})` : '';
      throw new SweepError(`run ${runId} of this trial is still running${pid}: stop it, then run the sweep again`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    run = runOf(store, runId);
  }
  if (run.status === 'completed' || run.status === 'pruned' || run.status === 'failed' || run.status === 'diverged') {
    return { kind: 'finished', runId, status: run.status, step: run.lastStep ?? 0 };
  }
  try {
    const checkpoint = readCheckpoint(locateCheckpoint(run, 'latest').path);
    // A checkpoint of an earlier Folio holds weights only: training state is gone, start over.
    return checkpoint.meta === null ? { kind: 'restart', runId } : { kind: 'resume', runId, checkpoint };
  } catch (error) {
    if (error instanceof CheckpointError) return { kind: 'restart', runId };
    throw error;
  }
}
