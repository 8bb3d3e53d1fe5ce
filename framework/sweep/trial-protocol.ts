// The messages between a sweep (or a worker) and a trial process (over Node's IPC channel).
import type { RecordCall } from './record-call.js';

/** Everything a trial process needs to run one point of a sweep. */
export interface TrialRequest {
  sweepId: number;
  trialKey: string;
  /** The run's name: the sweep's, the point's and the seed's ("lr-sweep · optimizer.lr=3e-3 · seed 2"). */
  runName?: string;
  /**
   * An earlier run of this trial that did not finish (interrupted, crashed): continued under its
   * id from its newest checkpoint, or from step 0 when it kept none. Local trials only.
   */
  resumeRunId?: number;
  /** The base config file. */
  configFile: string;
  /** The sweep's overrides, then the point's values and the seed, as `--set` would give them. */
  overrides: string[];
  storePath: string;
  cacheDir: string;
  runsDir: string;
  /**
   * Set on a worker machine: the trial records through the worker instead of opening the store,
   * after checking it resolves the config as the coordinator did (same trial key, same components).
   */
  remote?: { registryHash: string; localRunId: number };
}

export type ToTrial = { kind: 'run'; request: TrialRequest } | { kind: 'prune' } | { kind: 'stop' };

export type FromTrial =
  | { kind: 'started'; runId: number; maxSteps: number; maxMinutes?: number }
  /** The metrics the run logged at `step` (what it writes to the store, in the same call). */
  | { kind: 'metrics'; step: number; values: Record<string, number> }
  | { kind: 'ended'; runId: number; status: string; step: number; error?: string }
  /** Remote trials only: a call on the run's store, for the coordinator to replay. */
  | { kind: 'record'; record: RecordCall }
  /** Remote trials only: this machine resolves the trial differently from the coordinator. */
  | { kind: 'refused'; reason: string };
