// A store call made by a trial on a worker, as data: the trial process hands it to its worker,
// the worker sends it through Redis, the coordinator replays it on the store.
import type { CreateRunInput, FinishedRunStatus } from '../tracking/store.js';

/** One RunRecorder call made by a trial on a worker, replayed on the coordinator's store. */
export type RecordCall =
  | { call: 'createRun'; input: CreateRunInput }
  | { call: 'setBackend'; backend: string }
  | { call: 'setInfo'; info: Record<string, unknown> }
  | { call: 'logMetrics'; step: number; values: Record<string, number> }
  | { call: 'logSample'; step: number; prompt: string; text: string }
  | { call: 'heartbeat' }
  | { call: 'finishRun'; status: FinishedRunStatus; error?: string }
  | { call: 'addArtifact'; kind: string; path: string; step: number }
  | { call: 'removeArtifact'; path: string }
  | { call: 'discardRun' };
