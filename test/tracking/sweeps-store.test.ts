// The store's side of sweeps: the schema upgrade that brought them, sweeps and their trial counts,
// pruned runs, and a sweep's trials as a resume reads them.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../framework/tracking/migrations.js';
import { RunStore, StoreError } from '../../framework/tracking/store.js';
import { recordCompletedRun, tempDir } from './helpers.js';

/** A store whose clock the test moves; heartbeats older than a minute read as crashed. */
function storeWithClock(path = join(tempDir(), 'folio.db')) {
  const clock = { now: 1_000_000 };
  const store = RunStore.open(path, { now: () => clock.now, staleAfterMs: 60_000 });
  return { store, clock, path };
}

function trial(store: RunStore, sweepId: number, trialKey: string, config: unknown = { lr: 0.001 }): number {
  return store.createRun({ name: 'lr', config, configHash: `c-${trialKey}`, seed: 1, backend: 'cpu', sweepId, trialKey });
}

describe('upgrading a store written before sweeps', () => {
  /** A store at schema version 1 (the released first step), with runs, metrics, samples and artifacts. */
  function versionOneStore(path: string): void {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO sweeps (name, spec, status, created_at) VALUES ('old', '{\"a\":1}', 'running', 5)").run();
    const insertRun = db.prepare(
      `INSERT INTO runs (name, status, config, config_hash, seed, backend, sweep_id, info, error, started_at, ended_at, heartbeat_at)
       VALUES (?, ?, '{"name":"x"}', 'hash', 7, 'wasm', ?, '{"parameters":12}', ?, 100, ?, 150)`,
    );
    insertRun.run('first', 'completed', null, null, 200);
    insertRun.run('second', 'diverged', 1, 'loss became NaN at step 3', 300);
    insertRun.run('deleted later', 'failed', null, 'boom', 400);
    const insertMetric = db.prepare('INSERT INTO metrics (run_id, step, key, value, time) VALUES (?, ?, ?, ?, 0)');
    for (let step = 0; step < 100; step++) insertMetric.run(1, step, 'train/loss', 3 - step / 100);
    insertMetric.run(2, 3, 'train/loss', null);
    db.prepare("INSERT INTO samples (run_id, step, prompt, text, time) VALUES (1, 99, 'R', 'ROMEO', 0)").run();
    db.prepare("INSERT INTO artifacts (run_id, kind, path, step, time) VALUES (1, 'checkpoint', 'runs/1/checkpoint', 99, 0)").run();
    db.prepare('DELETE FROM runs WHERE id = 3').run();
    db.close();
  }

  it('keeps every run, id, metric, sample, artifact and sweep link, and allows pruned', () => {
    const path = join(tempDir(), 'folio.db');
    versionOneStore(path);

    const store = RunStore.open(path);
    expect(store.listRuns().map((run) => [run.id, run.name, run.status, run.sweepId])).toEqual([
      [2, 'second', 'diverged', 1],
      [1, 'first', 'completed', null],
    ]);
    const first = store.getRun(1)!;
    expect(first).toMatchObject({ seed: 7, backend: 'wasm', configHash: 'hash', startedAt: 100, endedAt: 200, info: { parameters: 12 } });
    expect(first.samples).toEqual([{ step: 99, prompt: 'R', text: 'ROMEO', time: 0 }]);
    expect(first.artifacts).toEqual([{ kind: 'checkpoint', path: 'runs/1/checkpoint', step: 99, time: 0 }]);
    expect(store.metricSeries(1, 'train/loss')).toHaveLength(100);
    expect(store.getRun(2)!.error).toBe('loss became NaN at step 3');
    expect(store.metricSeries(2, 'train/loss')[0]!.value).toBeNaN();
    expect(store.getSweep(1)).toMatchObject({ name: 'old', spec: { a: 1 }, status: 'running', createdAt: 5, updatedAt: 5 });
    expect(store.sweepTrials(1)).toHaveLength(1);

    // A deleted run's id is still never handed out again, and the new status is accepted.
    const fresh = store.createRun({ name: 'new', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    expect(fresh).toBe(4);
    store.finishRun(fresh, 'pruned');
    expect(store.getRun(fresh)!.status).toBe('pruned');
    store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(['artifacts_by_run', 'runs_by_sweep', 'samples_by_run', 'sweeps_by_spec']);
    const parents = (table: string) => (db.pragma(`foreign_key_list(${table})`) as { table: string }[]).map((key) => key.table);
    expect(['metrics', 'samples', 'artifacts', 'runs'].map(parents)).toEqual([['runs'], ['runs'], ['runs'], ['sweeps']]);
    db.close();
  });

  it('still cascades a run deletion into its metrics afterwards', () => {
    const path = join(tempDir(), 'folio.db');
    versionOneStore(path);
    RunStore.open(path).close();
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM metrics WHERE run_id = 1').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(0);
    db.close();
  });
});

describe('sweeps', () => {
  it('are created running, found by id and by spec hash (the newest), and listed newest first', () => {
    const { store, clock } = storeWithClock();
    const first = store.createSweep({ name: 'lr', spec: { parameters: ['optimizer.lr'] }, specHash: 'aaa' });
    clock.now += 10;
    const other = store.createSweep({ name: 'size', spec: {}, specHash: 'bbb' });
    const again = store.createSweep({ name: 'lr', spec: { parameters: ['optimizer.lr'] }, specHash: 'aaa' });

    expect(store.getSweep(first)).toEqual({
      id: first, name: 'lr', spec: { parameters: ['optimizer.lr'] }, specHash: 'aaa', status: 'running',
      createdAt: 1_000_000, updatedAt: 1_000_000,
    });
    expect(store.findSweep('aaa')!.id).toBe(again);
    expect(store.findSweep('zzz')).toBeUndefined();
    expect(store.getSweep(999)).toBeUndefined();
    expect(store.listSweeps().map((sweep) => sweep.id)).toEqual([again, other, first]);
    store.close();
  });

  it('record a status change and when it happened', () => {
    const { store, clock } = storeWithClock();
    const id = store.createSweep({ name: 'lr', spec: {}, specHash: 'aaa' });
    clock.now += 5_000;
    store.setSweepStatus(id, 'interrupted');
    expect(store.getSweep(id)).toMatchObject({ status: 'interrupted', createdAt: 1_000_000, updatedAt: 1_005_000 });
    store.setSweepStatus(id, 'completed');
    expect(store.getSweep(id)!.status).toBe('completed');
    expect(() => store.setSweepStatus(id + 1, 'failed')).toThrow(new StoreError(`no sweep ${id + 1} in the store`));
    store.close();
  });

  it('list their trials with how each stands; a trial whose heartbeat stopped reads crashed', () => {
    // Counting them is the sweep analysis's (framework/sweep/analysis.ts), from these rows.
    const { store, clock } = storeWithClock();
    const id = store.createSweep({ name: 'lr', spec: {}, specHash: 'aaa' });
    const outcomes = ['completed', 'completed', 'pruned', 'failed', 'diverged', 'interrupted'] as const;
    for (const [i, status] of outcomes.entries()) store.finishRun(trial(store, id, `t${i}`), status);
    const crashed = trial(store, id, 'crashed');
    clock.now += 50_000;
    trial(store, id, 'live');
    recordCompletedRun(store); // a plain run: not the sweep's
    clock.now += 20_000; // `crashed` last beat 70 s ago, `live` 20 s ago

    expect(store.sweepTrials(id).map((t) => t.status)).toEqual([...outcomes, 'crashed', 'running']);
    store.heartbeat(crashed);
    expect(store.sweepTrials(id).map((t) => t.status).slice(-2)).toEqual(['running', 'running']);
    store.close();
  });

  it('are touched when a trial starts, and refuse trials of a sweep that does not exist', () => {
    const { store, clock } = storeWithClock();
    const id = store.createSweep({ name: 'lr', spec: {}, specHash: 'aaa' });
    clock.now += 1_000;
    trial(store, id, 'k');
    expect(store.getSweep(id)!.updatedAt).toBe(1_001_000);
    expect(() => trial(store, id + 1, 'k')).toThrow(`no sweep ${id + 1} in the store`);
    expect(store.countRuns()).toBe(1);
    store.close();
  });
});

describe('a pruned run', () => {
  it('ends as pruned with its reason, its metrics flushed, and reads so everywhere', () => {
    const { store } = storeWithClock();
    const sweep = store.createSweep({ name: 'lr', spec: {}, specHash: 'aaa' });
    const id = trial(store, sweep, 'k');
    for (let step = 0; step <= 40; step += 10) store.logMetrics(id, step, { 'val/loss': 3 - step / 100 });
    store.finishRun(id, 'pruned', 'pruned at step 40: val/loss 2.6 is worse than the median 2.1');

    const run = store.getRun(id)!;
    expect(run).toMatchObject({ status: 'pruned', lastStep: 40, error: 'pruned at step 40: val/loss 2.6 is worse than the median 2.1' });
    expect(run.endedAt).not.toBeNull();
    expect(store.listRuns()[0]!.status).toBe('pruned');
    expect(store.sweepTrials(sweep)[0]!.status).toBe('pruned');
    store.close();
  });
});

describe('sweepTrials', () => {
  it('lists every run of the sweep, oldest first, with its trial key, config and status', () => {
    const { store, clock } = storeWithClock();
    const sweep = store.createSweep({ name: 'lr', spec: {}, specHash: 'aaa' });
    const elsewhere = store.createSweep({ name: 'other', spec: {}, specHash: 'bbb' });
    const a = trial(store, sweep, 'point-a', { optimizer: { lr: 0.001 } });
    trial(store, elsewhere, 'point-a');
    recordCompletedRun(store);
    const b = trial(store, sweep, 'point-b', { optimizer: { lr: 0.003 } });
    store.logMetrics(b, 20, { 'val/loss': 2.5 });
    store.finishRun(a, 'interrupted');
    const aAgain = trial(store, sweep, 'point-a', { optimizer: { lr: 0.001 } });

    const trials = store.sweepTrials(sweep);
    expect(trials.map((row) => [row.id, row.trialKey, row.status])).toEqual([
      [a, 'point-a', 'interrupted'],
      [b, 'point-b', 'running'],
      [aAgain, 'point-a', 'running'],
    ]);
    expect(trials[1]).toMatchObject({ config: { optimizer: { lr: 0.003 } }, sweepId: sweep, lastStep: 20, valLoss: 2.5 });

    // The sweep process was killed: its trials stop beating and read as crashed.
    clock.now += 61_000;
    expect(store.sweepTrials(sweep).map((row) => row.status)).toEqual(['interrupted', 'crashed', 'crashed']);
    expect(store.sweepTrials(999)).toEqual([]);
    store.close();
  });

  it('leaves plain runs without a trial key', () => {
    const { store, path } = storeWithClock();
    const id = recordCompletedRun(store);
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT sweep_id, trial_key FROM runs WHERE id = ?').get(id)).toEqual({ sweep_id: null, trial_key: null });
    db.close();
  });
});
