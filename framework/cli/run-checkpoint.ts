// A recorded run's checkpoint with the config it was trained under (`folio sample`, `folio export`).
import type { LoadedConfig } from '../config/load.js';
import { locateCheckpoint, parseCheckpointChoice, runOf } from '../training/checkpoint/locate.js';
import { readCheckpoint, type LoadedCheckpoint } from '../training/checkpoint/read.js';
import type { RunDetail } from '../tracking/records.js';
import { NO_RUNS, StoreReader } from '../tracking/store-reader.js';
import { resolveStorePath } from '../tracking/store-path.js';
import type { CommandIO } from './io.js';
import { loadStoredConfig } from './stored-config.js';

export interface RunCheckpoint {
  run: RunDetail;
  checkpoint: LoadedCheckpoint;
  /** The checkpoint's copy of the config (the run's for checkpoints of earlier Folios), loaded again. */
  loaded: LoadedConfig;
}

/** Reads run `runId`'s checkpoint `choice` (best, latest or a step as given on the command line). */
export async function readRunCheckpoint(runId: number, choice: string, storeFlag: string | undefined, io: CommandIO): Promise<RunCheckpoint> {
  const store = StoreReader.open(resolveStorePath(storeFlag, io));
  let run: RunDetail;
  try {
    run = runOf(store ?? NO_RUNS, runId);
  } finally {
    store?.close();
  }
  const checkpoint = readCheckpoint(locateCheckpoint(run, parseCheckpointChoice(choice)).path);
  const loaded = await loadStoredConfig(checkpoint.meta?.config ?? run.config, run, { cwd: io.cwd });
  return { run, checkpoint, loaded };
}
