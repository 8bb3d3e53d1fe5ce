// What the store records and hands back, as plain types: the store's own vocabulary, so that
// tracking depends on no layer above it (training adapts its events to these).

/** 'pruned': a sweep's early stopping ended the trial because its curve was not promising. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted' | 'diverged' | 'pruned';

/** What `listRuns` and `getRun` report: a 'running' run whose heartbeat went stale reads 'crashed'. */
export type ListedRunStatus = RunStatus | 'crashed';

export type FinishedRunStatus = Exclude<RunStatus, 'running'>;

export const TRAIN_LOSS_KEY = 'train/loss';
export const VAL_LOSS_KEY = 'val/loss';
export const TOKENS_PER_SECOND_KEY = 'perf/tokens_per_s';

export interface CreateRunInput {
  name: string;
  config: unknown;
  configHash: string;
  seed: number;
  backend: string;
  sweepId?: number | null;
  /** The trial's identity within its sweep (hash of resolved config and seed); null for plain runs. */
  trialKey?: string | null;
}

/**
 * Loss values are numbers, possibly NaN or ±Infinity (a diverged run); null means never logged.
 * Times are milliseconds since the epoch.
 */
export interface RunSummary {
  id: number;
  name: string;
  status: ListedRunStatus;
  backend: string;
  seed: number;
  configHash: string;
  sweepId: number | null;
  startedAt: number;
  endedAt: number | null;
  heartbeatAt: number;
  /** The highest step any metric was logged at; null before the first. */
  lastStep: number | null;
  trainLoss: number | null;
  valLoss: number | null;
  /** The lowest val/loss logged, NaNs ignored. */
  bestValLoss: number | null;
}

export interface MetricPoint {
  step: number;
  value: number;
}

export interface RunSample {
  step: number;
  prompt: string;
  text: string;
  time: number;
}

export interface RunArtifact {
  kind: string;
  path: string;
  step: number;
  time: number;
}

export interface RunDetail extends RunSummary {
  config: unknown;
  info: Record<string, unknown>;
  error: string | null;
  /** The latest value of every metric key, by key (sorted). */
  metrics: Record<string, MetricPoint>;
  /** Oldest first. */
  samples: RunSample[];
  /** In the order they were added. */
  artifacts: RunArtifact[];
}

/** One row of the runs table: what a person scans to pick runs. Times are ms since the epoch. */
export interface RunOverview {
  id: number;
  name: string;
  status: ListedRunStatus;
  seed: number;
  backend: string;
  sweepId: number | null;
  sweepName: string | null;
  startedAt: number;
  endedAt: number | null;
  heartbeatAt: number;
  /** The last step train/loss was logged at; null before the first. */
  steps: number | null;
  /** Latest val/loss (NaN once diverged); null when never evaluated. */
  valLoss: number | null;
  /** Lowest val/loss logged, NaNs ignored. */
  bestValLoss: number | null;
  tokensPerSecond: number | null;
}

/**
 * One point of a downsampled curve: the mean of a bucket of consecutive steps, with the bucket's
 * lowest and highest value. `bucket` numbers the buckets over the range asked for, so curves queried
 * over the same range line up bucket by bucket.
 */
export interface CurvePoint {
  bucket: number;
  /** The last step in the bucket. */
  step: number;
  value: number;
  low: number;
  high: number;
}

export interface StepRange {
  first: number;
  last: number;
}

/** A sweep's own state; its trials' outcomes are counted in SweepSummary. */
export type SweepStatus = 'running' | 'completed' | 'interrupted' | 'failed';

export interface CreateSweepInput {
  name: string;
  /** The sweep's specification as JSON-able data (stored as it is). */
  spec: unknown;
  /** Hash of the spec: the same sweep file and options give the same hash, so a resume finds it. */
  specHash: string;
}

/**
 * A sweep as recorded. Times are milliseconds since the epoch. How its trials stand is counted
 * from them, in one place: framework/sweep/analysis.ts.
 */
export interface SweepSummary {
  id: number;
  name: string;
  spec: unknown;
  specHash: string;
  status: SweepStatus;
  createdAt: number;
  updatedAt: number;
}

/** One run of a sweep, as `sweepTrials` lists it. */
export type TrialRow = RunSummary & { trialKey: string | null; config: unknown };

/** A queued trial as the coordinator has recorded it (see RunStore.queueTrial). */
export interface QueueTrialState {
  runId: number | null;
  attempt: number;
  lastSeq: number;
}
