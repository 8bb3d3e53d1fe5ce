// The coordinator's side of the event stream: replays what workers report on the one store, each
// stream entry in one transaction together with the cursor past it, so that a coordinator killed
// at any point and started again applies every event exactly once. The sweep's listeners hear of
// an entry only after it is committed.
import type { QueueTrialState, RunStore } from '../../tracking/store.js';
import type { TrialListener } from '../executor.js';
import type { QueueEvent } from './protocol.js';
import type { RecordCall } from '../record-call.js';

export interface ApplierHooks {
  /** The listener of a job this coordinator runs now (undefined for one it has not taken up yet). */
  listener(job: string): TrialListener | undefined;
  /** A line for the user: a worker refused a trial. */
  say(line: string): void;
}

export class EventApplier {
  constructor(
    private readonly store: RunStore,
    private readonly hooks: ApplierHooks,
  ) {}

  /** Applies one stream entry (a worker's batch of events) and moves the stream's cursor past it. */
  applyEntry(stream: string, entryId: string, events: readonly QueueEvent[]): void {
    const tell: (() => void)[] = [];
    this.store.atomically(() => {
      for (const event of events) this.apply(event, tell);
      this.store.setQueueCursor(stream, entryId);
    });
    for (const callback of tell) callback();
  }

  private apply(event: QueueEvent, tell: (() => void)[]): void {
    const state: QueueTrialState = this.store.queueTrial(event.job) ?? { runId: null, attempt: 0, lastSeq: 0 };
    if (event.attempt < state.attempt) return; // a worker given up for dead, still talking
    if (event.attempt > state.attempt) {
      // The trial started again elsewhere: what the earlier attempt recorded is not its result.
      if (state.runId !== null) this.store.discardRun(state.runId);
      Object.assign(state, { runId: null, attempt: event.attempt, lastSeq: 0 });
    }
    if (event.seq <= state.lastSeq) return; // sent twice
    state.lastSeq = event.seq;
    const listener = () => this.hooks.listener(event.job);
    switch (event.kind) {
      case 'record':
        this.record(state, event.record, (step, values) => tell.push(() => listener()?.metrics(step, values)));
        break;
      case 'started': {
        const runId = state.runId;
        if (runId === null) break;
        this.store.setInfo(runId, { worker: event.worker });
        const budget = event.maxMinutes;
        tell.push(() => listener()?.started(runId, event.maxSteps, budget));
        break;
      }
      case 'ended': {
        const runId = state.runId ?? -1;
        // A trial process that died records nothing more: its run ends here.
        if (state.runId !== null && this.store.getRun(state.runId)?.status === 'running') {
          this.store.finishRun(state.runId, 'failed', event.error ?? 'the trial ended without recording how');
        }
        const outcome = { runId, status: event.status, step: event.step, ...(event.error === undefined ? {} : { error: event.error }) };
        tell.push(() => listener()?.ended(outcome));
        break;
      }
      case 'refused':
        tell.push(() => this.hooks.say(`worker ${event.worker} refused a trial and handed it back: ${event.reason}`));
        break;
    }
    this.store.setQueueTrial(event.job, state);
  }

  private record(state: QueueTrialState, record: RecordCall, metrics: (step: number, values: Record<string, number>) => void): void {
    if (record.call === 'createRun') {
      state.runId = this.store.createRun(record.input);
      return;
    }
    const runId = state.runId;
    if (runId === null) return; // nothing to record on: the run was discarded
    switch (record.call) {
      case 'setBackend':
        return this.store.setBackend(runId, record.backend);
      case 'setInfo':
        return this.store.setInfo(runId, record.info);
      case 'logMetrics':
        this.store.logMetrics(runId, record.step, record.values);
        return metrics(record.step, record.values);
      case 'logSample':
        return this.store.logSample(runId, record.step, record.prompt, record.text);
      case 'heartbeat':
        return this.store.heartbeat(runId);
      case 'finishRun':
        return this.store.finishRun(runId, record.status, record.error);
      case 'addArtifact':
        return this.store.addArtifact(runId, record.kind, record.path, record.step);
      case 'removeArtifact':
        return this.store.removeArtifact(runId, record.path);
      case 'discardRun':
        this.store.discardRun(runId);
        state.runId = null;
        return;
    }
  }
}
