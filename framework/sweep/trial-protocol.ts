// The messages between a sweep and a trial process (over Node's IPC channel).

/** Everything a trial process needs to run one point of a sweep. */
export interface TrialRequest {
  sweepId: number;
  trialKey: string;
  /** The base config file. */
  configFile: string;
  /** The sweep's overrides, then the point's values and the seed, as `--set` would give them. */
  overrides: string[];
  storePath: string;
  cacheDir: string;
  runsDir: string;
}

export type ToTrial = { kind: 'run'; request: TrialRequest } | { kind: 'prune' } | { kind: 'stop' };

export type FromTrial =
  | { kind: 'started'; runId: number; maxSteps: number; maxMinutes?: number }
  /** The metrics the run logged at `step` (what it writes to the store, in the same call). */
  | { kind: 'metrics'; step: number; values: Record<string, number> }
  | { kind: 'ended'; runId: number; status: string; step: number; error?: string };
