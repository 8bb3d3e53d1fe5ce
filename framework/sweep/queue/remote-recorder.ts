// The store of a trial that runs on a worker machine: each call goes to the worker process (and
// on through Redis to the coordinator, which holds the store and replays it there).
import type { CreateRunInput, FinishedRunStatus, RunDetail, RunRecorder } from '../../tracking/store.js';
import { CheckpointError } from '../../training/checkpoint/errors.js';
import type { RecordCall } from '../record-call.js';

export class RemoteRecorder implements RunRecorder {
  /**
   * `localRunId` stands in for the run's id on this machine (its checkpoint folder is named after
   * it); the coordinator gives the run its real id when it records it.
   */
  constructor(
    private readonly send: (record: RecordCall) => void,
    private readonly localRunId: number,
  ) {}

  createRun(input: CreateRunInput): number {
    this.send({ call: 'createRun', input });
    return this.localRunId;
  }

  setBackend(_runId: number, backend: string): void {
    this.send({ call: 'setBackend', backend });
  }

  setInfo(_runId: number, info: Record<string, unknown>): void {
    this.send({ call: 'setInfo', info });
  }

  logMetrics(_runId: number, step: number, values: Record<string, number>): void {
    this.send({ call: 'logMetrics', step, values });
  }

  logSample(_runId: number, step: number, prompt: string, text: string): void {
    this.send({ call: 'logSample', step, prompt, text });
  }

  heartbeat(): void {
    this.send({ call: 'heartbeat' });
  }

  finishRun(_runId: number, status: FinishedRunStatus, error?: string): void {
    this.send({ call: 'finishRun', status, ...(error === undefined ? {} : { error }) });
  }

  addArtifact(_runId: number, kind: string, path: string, step: number): void {
    this.send({ call: 'addArtifact', kind, path, step });
  }

  removeArtifact(_runId: number, path: string): void {
    this.send({ call: 'removeArtifact', path });
  }

  discardRun(): void {
    this.send({ call: 'discardRun' });
  }

  reopenRun(): void {
    throw new Error('a trial on a worker never resumes a run');
  }

  getRun(runId: number): RunDetail | undefined {
    throw new CheckpointError(
      `init_from names run ${runId}, which lives in the coordinator's store and cannot be read on a worker; point init_from.path at a checkpoint file the workers have`,
    );
  }
}
