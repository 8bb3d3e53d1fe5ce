// Which file `--checkpoint best|latest|STEP` of a run means, from what the store recorded.
import { existsSync } from 'node:fs';
import type { RunDetail, RunRecorder } from '../../tracking/store.js';
import { CheckpointError } from './errors.js';

export type CheckpointChoice = 'best' | 'latest' | number;

/** Reads `best`, `latest` or a step number as given on the command line. */
export function parseCheckpointChoice(text: string): CheckpointChoice {
  if (text === 'best' || text === 'latest') return text;
  if (/^\d+$/.test(text)) return Number(text);
  throw new CheckpointError(`--checkpoint must be best, latest or a step number, got "${text}"`);
}

/** The run, or a clear error when the store has no such run. */
export function runOf(store: Pick<RunRecorder, 'getRun'>, runId: number): RunDetail {
  const run = store.getRun(runId);
  if (run === undefined) throw new CheckpointError(`no run ${runId} in the store`);
  return run;
}

/**
 * The path of the run's checkpoint `choice`. `best` falls back to the latest where the run kept no
 * best (best: false, or a checkpoint of an earlier Folio, which wrote one file at the end).
 */
export function locateCheckpoint(run: RunDetail, choice: CheckpointChoice): { path: string; step: number } {
  const checkpoints = run.artifacts.filter((a) => a.kind === 'checkpoint').sort((a, b) => a.step - b.step);
  const best = run.artifacts.find((a) => a.kind === 'checkpoint-best');
  const found = typeof choice === 'number' ? checkpoints.find((a) => a.step === choice) : choice === 'best' ? (best ?? checkpoints.at(-1)) : checkpoints.at(-1);
  if (found === undefined) {
    const kept = checkpoints.map((a) => a.step).join(', ');
    const what = typeof choice === 'number' ? `no checkpoint at step ${choice}` : 'no checkpoint';
    throw new CheckpointError(`run ${run.id} has ${what}${kept === '' ? '' : ` (kept: steps ${kept})`}`);
  }
  if (!existsSync(found.path)) {
    // A trial a worker ran keeps its checkpoints on that worker's disk.
    const worker = typeof run.info.worker === 'string' ? run.info.worker : undefined;
    if (worker !== undefined) {
      const host = typeof run.info.host === 'string' ? ` (host ${run.info.host})` : '';
      throw new CheckpointError(`run ${run.id}'s checkpoint ${found.path} is on worker ${worker}${host}, not here: copy it over, or run the command on that machine`);
    }
    throw new CheckpointError(`run ${run.id}'s checkpoint ${found.path} is gone (deleted or moved)`);
  }
  return { path: found.path, step: found.step };
}
