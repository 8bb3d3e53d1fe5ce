// The coordinator's replay of worker events on its store, without Redis: each stream entry once,
// a batch sent twice applied once, a re-run attempt replacing the partial run of the one before.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrialListener } from '../../framework/sweep/executor.js';
import { EventApplier } from '../../framework/sweep/queue/event-applier.js';
import type { QueueEvent } from '../../framework/sweep/queue/protocol.js';
import type { RecordCall } from '../../framework/sweep/record-call.js';
import { RunStore } from '../../framework/tracking/store.js';
import { workspace } from '../helpers/cli.js';

const STREAM = 'folio:sweep:k:events';
const JOB = 'k-trial';

function setUp() {
  const path = join(workspace(), 'folio.db');
  const store = RunStore.open(path);
  const sweepId = store.createSweep({ name: 'lr', spec: {}, specHash: 'h' });
  const heard: string[] = [];
  const listener: TrialListener = {
    started: (runId, maxSteps) => heard.push(`started ${runId} ${maxSteps}`),
    metrics: (step) => heard.push(`metrics ${step}`),
    ended: (outcome) => heard.push(`ended ${outcome.runId} ${outcome.status}`),
  };
  const applier = new EventApplier(store, { listener: () => listener, say: (line) => heard.push(line) });
  let entry = 0;
  const apply = (events: QueueEvent[]) => applier.applyEntry(STREAM, `${++entry}-0`, events);
  return { path, store, sweepId, heard, apply };
}

/** The events of one attempt of a trial, numbered as a worker numbers them. */
function attempt(number: number, sweepId: number) {
  let seq = 0;
  const record = (record: RecordCall): QueueEvent => ({ kind: 'record', record, job: JOB, attempt: number, seq: ++seq });
  return {
    create: () => record({ call: 'createRun', input: { name: 'tiny', config: { train: { max_iters: 20 } }, configHash: 'c', seed: 1, backend: 'wasm', sweepId, trialKey: 'trial' } }),
    started: (): QueueEvent => ({ kind: 'started', worker: `w${number}`, maxSteps: 20, job: JOB, attempt: number, seq: ++seq }),
    metrics: (step: number) => record({ call: 'logMetrics', step, values: { 'train/loss': 3 - step / 10 } }),
    finish: () => record({ call: 'finishRun', status: 'completed' }),
    ended: (): QueueEvent => ({ kind: 'ended', status: 'completed', step: 20, job: JOB, attempt: number, seq: ++seq }),
  };
}

describe('EventApplier', () => {
  it('records a remote trial as a run of the sweep and tells the listener, each event once', () => {
    const { store, sweepId, heard, apply } = setUp();
    const first = attempt(1, sweepId);
    const batch = [first.create(), first.started(), first.metrics(5)];
    apply(batch);
    apply(batch); // the same batch again (a reply lost when Redis dropped): nothing new
    apply([first.metrics(10), first.finish(), first.ended()]);
    const [trial] = store.sweepTrials(sweepId);
    expect(trial).toMatchObject({ status: 'completed', trialKey: 'trial' });
    expect(store.getRun(trial!.id)!.info.worker).toBe('w1');
    expect(store.metricSeries(trial!.id, 'train/loss').map((p) => p.step)).toEqual([5, 10]);
    expect(heard).toEqual([`started ${trial!.id} 20`, 'metrics 5', 'metrics 10', `ended ${trial!.id} completed`]);
    expect(store.queueCursor(STREAM)).toBe('3-0');
  });

  it('replaces the partial run of an attempt whose worker died with the next attempt, and ignores the dead one after', () => {
    const { store, sweepId, apply } = setUp();
    const dead = attempt(1, sweepId);
    const deadEvents = [dead.create(), dead.started(), dead.metrics(5), dead.metrics(10)];
    apply(deadEvents);
    const again = attempt(2, sweepId);
    apply([again.create(), again.started(), again.metrics(5)]);
    apply([dead.metrics(15), dead.finish()]); // the worker given up for dead was still talking
    apply([again.metrics(10), again.metrics(15), again.metrics(20), again.finish(), again.ended()]);
    const trials = store.sweepTrials(sweepId);
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({ status: 'completed' });
    expect(store.getRun(trials[0]!.id)!.info.worker).toBe('w2');
    expect(store.metricSeries(trials[0]!.id, 'train/loss').map((p) => p.step)).toEqual([5, 10, 15, 20]);
  });

  it('applies nothing of an entry that fails, cursor included, so that reading it again applies it whole', () => {
    const { store, sweepId, apply } = setUp();
    const first = attempt(1, sweepId);
    apply([first.create()]);
    const broken: QueueEvent = { kind: 'record', record: { call: 'logMetrics', step: 1.5, values: { 'train/loss': 1 } }, job: JOB, attempt: 1, seq: 99 };
    expect(() => apply([first.metrics(5), broken])).toThrow(/integer/);
    store.flush(); // nothing of the failed entry was left waiting to be written either
    const [trial] = store.sweepTrials(sweepId);
    expect(store.metricSeries(trial!.id, 'train/loss')).toEqual([]);
    expect(store.queueCursor(STREAM)).toBe('1-0');
    expect(store.queueTrial(JOB)).toMatchObject({ attempt: 1, lastSeq: 1 });
  });
});
