// Each concern's table class over one connection: what it writes it reads back, in the store's terms.
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactsTable } from '../../framework/tracking/artifacts.js';
import { openForWriting, type StoreConnection } from '../../framework/tracking/connection.js';
import { StoreError } from '../../framework/tracking/errors.js';
import { MetricsTable } from '../../framework/tracking/metrics.js';
import { QueueCursors } from '../../framework/tracking/queue-cursors.js';
import { RunsTable } from '../../framework/tracking/runs.js';
import { SamplesTable } from '../../framework/tracking/samples.js';
import { SweepsTable } from '../../framework/tracking/sweeps.js';

const opened: StoreConnection[] = [];
afterEach(() => opened.splice(0).forEach((connection) => connection.close()));

function connectionWithRun(): { connection: StoreConnection; runId: number } {
  const connection = openForWriting(':memory:');
  opened.push(connection);
  const runId = new RunsTable(connection.db).insert({ name: 'r', config: '{}', configHash: 'h', seed: 1, backend: 'cpu', sweepId: null, trialKey: null, now: 5 });
  return { connection, runId };
}

describe('RunsTable', () => {
  it('records a run and says which run is missing when an update finds none', () => {
    const { connection, runId } = connectionWithRun();
    const runs = new RunsTable(connection.db);
    runs.finish(runId, 'completed', null, 9);
    expect(runs.detailRow(runId)).toMatchObject({ name: 'r', status: 'completed', ended_at: 9, heartbeat_at: 9 });
    expect(runs.count()).toBe(1);
    expect(() => runs.heartbeat(runId + 1, 10)).toThrow(new StoreError(`no run ${runId + 1} in the store`));
  });
});

describe('MetricsTable', () => {
  it('keeps NaN apart from never logged, ignores NaN in the lowest, and forgets steps after a resume point', () => {
    const { connection, runId } = connectionWithRun();
    const metrics = new MetricsTable(connection.db);
    metrics.write([
      { runId, step: 1, key: 'val/loss', value: 2, time: 0 },
      { runId, step: 2, key: 'val/loss', value: NaN, time: 0 },
      { runId, step: 3, key: 'train/loss', value: Infinity, time: 0 },
    ]);
    expect(metrics.latest(runId, 'val/loss')!.value).toBeNaN();
    expect(metrics.latest(runId, 'other')).toBeUndefined();
    expect(metrics.lowest(runId, 'val/loss')).toBe(2);
    expect(metrics.latest(runId, 'train/loss')).toEqual({ step: 3, value: Infinity });
    expect(metrics.keys(runId)).toEqual(['train/loss', 'val/loss']);
    expect(metrics.lastStep(runId)).toBe(3);
    metrics.deleteAfterStep(runId, 1);
    expect(metrics.series(runId, 'val/loss')).toEqual([{ step: 1, value: 2 }]);
    expect(metrics.range(runId, 'val/loss')).toEqual({ first: 1, last: 1 });
  });
});

describe('SamplesTable and ArtifactsTable', () => {
  it('list a run\'s samples by step and its artifacts in the order added, a path recorded again updated', () => {
    const { connection, runId } = connectionWithRun();
    const samples = new SamplesTable(connection.db);
    samples.add(runId, 20, 'p', 'later', 1);
    samples.add(runId, 10, 'p', 'earlier', 2);
    expect(samples.ofRun(runId).map((s) => s.text)).toEqual(['earlier', 'later']);
    const artifacts = new ArtifactsTable(connection.db);
    artifacts.add(runId, 'checkpoint', '/a', 10, 1);
    artifacts.add(runId, 'checkpoint', '/b', 20, 2);
    artifacts.add(runId, 'checkpoint', '/a', 30, 3);
    expect(artifacts.ofRun(runId).map((a) => [a.path, a.step])).toEqual([['/a', 30], ['/b', 20]]);
    artifacts.remove(runId, '/b');
    expect(artifacts.paths()).toEqual([{ runId, path: '/a' }]);
  });
});

describe('SweepsTable', () => {
  it('finds the newest sweep of a spec hash and names a missing sweep', () => {
    const connection = openForWriting(':memory:');
    opened.push(connection);
    const sweeps = new SweepsTable(connection.db);
    const first = sweeps.insert({ name: 's', spec: { a: 1 }, specHash: 'x' }, 1);
    const second = sweeps.insert({ name: 's', spec: { a: 1 }, specHash: 'x' }, 2);
    expect(sweeps.byHash('x')!.id).toBe(second);
    sweeps.setStatus(first, 'completed', 3);
    expect(sweeps.byId(first)).toMatchObject({ status: 'completed', updatedAt: 3, spec: { a: 1 } });
    expect(sweeps.all().map((s) => s.id)).toEqual([second, first]);
    expect(() => sweeps.touch(99, 4)).toThrow(new StoreError('no sweep 99 in the store'));
  });
});

describe('QueueCursors', () => {
  it('remembers how far each stream and each queued trial was applied', () => {
    const { connection, runId } = connectionWithRun();
    const queue = new QueueCursors(connection.db);
    expect(queue.cursor('events')).toBeUndefined();
    queue.setCursor('events', '1-0');
    queue.setCursor('events', '2-0');
    expect(queue.cursor('events')).toBe('2-0');
    queue.setTrial('job-1', { runId: null, attempt: 1, lastSeq: 0 });
    queue.setTrial('job-1', { runId, attempt: 2, lastSeq: 3 });
    expect(queue.trial('job-1')).toEqual({ runId, attempt: 2, lastSeq: 3 });
  });
});
