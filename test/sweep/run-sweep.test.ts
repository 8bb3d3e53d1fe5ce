// runSweep's steps with trials that run in this process (an executor of the test's own behind the
// TrialExecutor interface): how many run at once, what the reporter hears and in which order, a
// prune reaching the trial, and a stop ending the sweep as interrupted. The sweep e2e tests run
// the same code with real trial processes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../components/index.js';
import type { SweepEvent } from '../../framework/sweep/events.js';
import type { TrialExecutor, TrialHandle, TrialListener } from '../../framework/sweep/executor.js';
import { runSweep, type StudyOptions } from '../../framework/sweep/run-sweep.js';
import type { TrialRequest } from '../../framework/sweep/trial-protocol.js';
import type { SweepSpec } from '../../framework/sweep/types.js';
import { RunStore } from '../../framework/tracking/store.js';
import { tinyCorpus, TINY_CONFIG } from '../helpers/cli.js';
import { workspace } from '../helpers/temp.js';

/** A trial of the in-process executor: the test says when it logs and how it ends. */
interface FakeTrial {
  request: TrialRequest;
  listener: TrialListener;
  told: ('prune' | 'stop')[];
}

/** Runs trials in this process: each starts on the next turn of the event loop, then waits for the test. */
class InProcessExecutor implements TrialExecutor {
  readonly trials: FakeTrial[] = [];
  private running = 0;
  maxRunning = 0;

  constructor(readonly slots: number, private readonly onStart: (trial: FakeTrial) => void) {}

  start(request: TrialRequest, listener: TrialListener): TrialHandle {
    const trial: FakeTrial = { request, listener, told: [] };
    this.trials.push(trial);
    this.maxRunning = Math.max(this.maxRunning, ++this.running);
    const ended = listener.ended.bind(listener);
    trial.listener = { started: listener.started.bind(listener), metrics: listener.metrics.bind(listener), ended: (outcome) => (this.running--, ended(outcome)) };
    setImmediate(() => {
      trial.listener.started(100 + this.trials.indexOf(trial), 20);
      this.onStart(trial);
    });
    return { prune: () => trial.told.push('prune'), stop: () => trial.told.push('stop') };
  }
}

function sweepOf(dir: string, rates: number[], extra: Partial<SweepSpec> = {}): SweepSpec {
  return {
    name: 'tiny-lr', base: join(dir, 'tiny.yaml'), metric: 'val/loss', goal: 'minimize', method: 'grid', trials: 0, parallel: 2,
    seeds: [], parameters: [{ path: 'optimizer.lr', kind: 'values', values: rates }], overrides: [], samplerSeed: 0, ...extra,
  };
}

async function sweep(spec: SweepSpec, executor: TrialExecutor, dir: string, signal?: AbortSignal) {
  const events: SweepEvent[] = [];
  const store = RunStore.open(join(dir, 'folio.db'));
  const options: StudyOptions = {
    store, storePath: join(dir, 'folio.db'), executor, registry: builtinRegistry(), cacheDir: dir, runsDir: dir,
    reporter: { report: (event) => void events.push(event), close: async () => {} }, ...(signal === undefined ? {} : { signal }),
  };
  try {
    const outcome = await runSweep(spec, options);
    return { outcome, events, sweepStatus: store.getSweep(outcome.sweepId)?.status };
  } finally {
    store.close();
  }
}

const project = () => workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(20) });
const lrOf = (trial: FakeTrial) => trial.request.overrides.at(-1);

describe('runSweep', () => {
  it('runs every point once, `parallel` at a time, and reports each trial from start to end', async () => {
    const dir = project();
    const finish = (trial: FakeTrial) => {
      trial.listener.metrics(10, { 'val/loss': 2 });
      setImmediate(() => trial.listener.ended({ runId: 0, status: 'completed', step: 20 }));
    };
    // The first trial waits for the second: the sweep completes only if it runs two at once.
    const executor = new InProcessExecutor(2, (trial) => {
      if (executor.trials.length === 2) executor.trials.forEach(finish);
      else if (executor.trials.length === 3) finish(trial);
    });
    const { outcome, events, sweepStatus } = await sweep(sweepOf(dir, [1e-2, 3e-3, 1e-3]), executor, dir);
    expect(outcome).toMatchObject({ status: 'completed', ran: 3, skipped: 0 });
    expect(sweepStatus).toBe('completed');
    expect(executor.maxRunning).toBe(2);
    expect(executor.trials.map(lrOf)).toEqual(['optimizer.lr=0.01', 'optimizer.lr=0.003', 'optimizer.lr=0.001']);
    expect(events[0]).toMatchObject({ kind: 'start', plannedTrials: 3, seedsPerPoint: 1, finishedBefore: 0, parallel: 2 });
    expect(events.at(-1)).toEqual({ kind: 'end', status: 'completed' });
    const first = executor.trials[0]!.request.trialKey;
    expect(events.filter((event) => 'trialKey' in event && event.trialKey === first).map((event) => event.kind)).toEqual(['trial-start', 'trial-progress', 'trial-end']);
    expect(events.find((event) => event.kind === 'trial-end')).toMatchObject({ status: 'completed', value: 2, step: 20 });
  });

  it('prunes a trial that falls behind the finished ones, once, and ranks it as pruned', async () => {
    const dir = project();
    const losses = [1.0, 1.1, 5.0];
    const executor = new InProcessExecutor(1, (trial) => {
      const loss = losses[executor.trials.indexOf(trial)]!;
      trial.listener.metrics(10, { 'val/loss': loss });
      trial.listener.metrics(20, { 'val/loss': loss });
      const pruned = trial.told.includes('prune');
      setImmediate(() => trial.listener.ended({ runId: 0, status: pruned ? 'pruned' : 'completed', step: pruned ? 10 : 20 }));
    });
    const spec = sweepOf(dir, [1e-2, 3e-3, 1e-3], { earlyStop: { type: 'median', warmup_steps: 0, min_trials: 2 } });
    const { events } = await sweep(spec, executor, dir);
    expect(executor.trials.map((trial) => trial.told)).toEqual([[], [], ['prune']]);
    expect(events.filter((event) => event.kind === 'trial-end').map((event) => event.kind === 'trial-end' && event.status)).toEqual(['completed', 'completed', 'pruned']);
  });

  it('stops every running trial when aborted, waits for them to end, and ends interrupted', async () => {
    const dir = project();
    const stop = new AbortController();
    const executor = new InProcessExecutor(2, () => {
      if (executor.trials.length === 2) stop.abort();
    });
    // A trial told to stop ends as interrupted on the next turn, as a trial process would.
    const start = executor.start.bind(executor);
    executor.start = (request, listener) => {
      const handle = start(request, listener);
      const trial = executor.trials.at(-1)!;
      return { prune: handle.prune, stop: () => (handle.stop(), setImmediate(() => trial.listener.ended({ runId: 0, status: 'interrupted', step: 5 }))) };
    };
    const { outcome, events, sweepStatus } = await sweep(sweepOf(dir, [1e-2, 3e-3, 1e-3]), executor, dir, stop.signal);
    expect(outcome).toMatchObject({ status: 'interrupted', ran: 2 });
    expect(sweepStatus).toBe('interrupted');
    expect(executor.trials.map((trial) => trial.told)).toEqual([['stop'], ['stop']]);
    expect(events.filter((event) => event.kind === 'trial-end').map((event) => event.kind === 'trial-end' && event.status)).toEqual(['interrupted', 'interrupted']);
    expect(events.at(-1)).toEqual({ kind: 'end', status: 'interrupted' });
  });
});
