// What travels through Redis between a sweep's coordinator and its workers: the job that describes
// a trial, and the events a worker reports back on the sweep's stream.
import type { TrialRequest } from '../trial-protocol.js';
import type { RecordCall } from '../record-call.js';

/** The BullMQ queue every worker takes trials from. */
export const TRIAL_QUEUE = 'folio-trials';

/** A trial as the coordinator puts it on the queue. Paths are the coordinator's; see TrialJobRequest. */
export interface TrialJobData {
  /** Names the sweep's event and control keys in Redis. */
  sweepKey: string;
  /** configFile relative to the coordinator's working directory: each machine runs from its own checkout. */
  request: TrialJobRequest;
  folioVersion: string;
  /** The component set the coordinator resolved the base config with (imports included). */
  registryHash: string;
  coordinatorHost: string;
}

export type TrialJobRequest = Pick<TrialRequest, 'sweepId' | 'trialKey' | 'runName' | 'configFile' | 'overrides'>;


/**
 * Where an event comes from: the job's attempt (a trial re-run after its worker died is a later
 * attempt) and its place in that attempt's events (1, 2, ...), so that a batch sent twice (a reply
 * lost when Redis dropped) is applied once.
 */
interface FromAttempt {
  job: string;
  attempt: number;
  seq: number;
}

export type QueueEvent =
  | (FromAttempt & { kind: 'record'; record: RecordCall })
  | (FromAttempt & { kind: 'started'; worker: string; maxSteps: number; maxMinutes?: number })
  | (FromAttempt & { kind: 'ended'; status: string; step: number; error?: string })
  /** The worker will not run this trial (another Folio version or component set) and handed it back. */
  | (FromAttempt & { kind: 'refused'; worker: string; reason: string });

/** The field of a stream entry that holds a batch of events (JSON). */
export const EVENTS_FIELD = 'events';

export const eventsStream = (sweepKey: string) => `folio:sweep:${sweepKey}:events`;
/** A hash of trial key → 'prune' | 'stop', which workers read for the trials they run. */
export const controlHash = (sweepKey: string) => `folio:sweep:${sweepKey}:control`;
export const jobId = (sweepKey: string, trialKey: string) => `${sweepKey}-${trialKey}`;

export type TrialCommand = 'prune' | 'stop';
