// What a running sweep tells its reporter (the Ink leaderboard on a terminal, plain lines in a pipe).
import type { SweepTrial } from './analysis.js';
import type { Goal, Method, Point, TrialStatus } from './types.js';

/** A trial an earlier invocation recorded, as the store has it now. */
export interface RecordedTrial extends SweepTrial {
  trialKey: string;
  /** Its train.max_iters. */
  maxSteps: number;
}

export interface SweepStarted {
  kind: 'start';
  sweepId: number;
  name: string;
  method: Method;
  metric: string;
  goal: Goal;
  parallel: number;
  /** Trials the sweep will run in all (points x seeds), those already finished included. */
  plannedTrials: number;
  /** Seeds each point runs (1 when the spec names none). */
  seedsPerPoint: number;
  /** Trials already finished by an earlier invocation (a resumed sweep). */
  finishedBefore: number;
  /** Every trial earlier invocations recorded, however it ended: the views count and rank them with this invocation's. */
  recorded: RecordedTrial[];
}

export interface TrialStarted {
  kind: 'trial-start';
  trialKey: string;
  runId: number;
  point: Point;
  seed: number;
  maxSteps: number;
  /** The trial's time budget (train.max_minutes), when it has one. */
  maxMinutes?: number;
}

export interface TrialProgress {
  kind: 'trial-progress';
  trialKey: string;
  runId: number;
  step: number;
  /** The sweep's metric at its latest logged step, when there is one. */
  value?: number;
}

export interface TrialEnded {
  kind: 'trial-end';
  trialKey: string;
  runId: number;
  status: TrialStatus;
  step: number;
  value?: number;
  error?: string;
}

export interface SweepEnded {
  kind: 'end';
  status: 'completed' | 'interrupted' | 'failed';
  error?: string;
}

/** Something the user should know that is not a trial's: Redis lost and back, a worker that refused. */
export interface SweepNotice {
  kind: 'notice';
  text: string;
}

export type SweepEvent = SweepStarted | TrialStarted | TrialProgress | TrialEnded | SweepEnded | SweepNotice;

export interface SweepReporter {
  report(event: SweepEvent): void;
  /** Waits for the last frame or line to be written. */
  close(): Promise<void>;
}
