import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FOLIO_APPLICATION_ID, migrate, SCHEMA_VERSION } from '../../framework/tracking/migrations.js';
import { resolveStorePath } from '../../framework/tracking/store-path.js';
import { RunStore, StoreError } from '../../framework/tracking/store.js';
import { recordCompletedRun, sampleConfig, tempDir } from './helpers.js';

function newRun(store: RunStore, name = 'r'): number {
  return store.createRun({ name, config: { name }, configHash: 'h', seed: 1, backend: 'auto' });
}

/** A plain connection beside the store's, as another process would have. */
function rawConnection(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

describe('RunStore.open', () => {
  it('creates the folder, the schema and WAL mode', () => {
    const path = join(tempDir(), 'deep', 'er', 'folio.db');
    RunStore.open(path).close();
    const db = rawConnection(path);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    expect(tables).toEqual(['artifacts', 'metrics', 'queue_cursors', 'queue_trials', 'runs', 'samples', 'sweeps']);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(FOLIO_APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const runColumns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('runs');
    expect(runColumns).toEqual([
      'id', 'name', 'status', 'config', 'config_hash', 'seed', 'backend', 'sweep_id',
      'info', 'error', 'started_at', 'ended_at', 'heartbeat_at', 'trial_key',
    ]);
    db.close();
  });

  it('re-opens an existing store without changing it', () => {
    const path = join(tempDir(), 'folio.db');
    const first = RunStore.open(path);
    const id = recordCompletedRun(first);
    first.close();
    for (let i = 0; i < 3; i++) {
      const again = RunStore.open(path);
      expect(again.listRuns().map((r) => r.id)).toEqual([id]);
      again.close();
    }
    const db = rawConnection(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('applies each migration step once, in order, and only the missing ones', () => {
    const db = new Database(':memory:');
    const steps = ['CREATE TABLE a (x)', 'CREATE TABLE b (y)'];
    migrate(db, 'mem', steps.slice(0, 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    migrate(db, 'mem', steps);
    migrate(db, 'mem', steps);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['a', 'b']);
    db.close();
  });

  it('rolls back a failing migration step entirely', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, 'mem', ['CREATE TABLE a (x); CREATE TABLE a (x)'])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a text file with a StoreError naming the path', () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(50));
    let error: unknown;
    try {
      RunStore.open(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('not a Folio store');
  });

  it("refuses another application's SQLite database and leaves it alone", () => {
    const path = join(tempDir(), 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => RunStore.open(path)).toThrow(/not a Folio store/);
    const db = rawConnection(path);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'runs'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a store written by a newer Folio, saying so', () => {
    const path = join(tempDir(), 'folio.db');
    RunStore.open(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => RunStore.open(path)).toThrow(StoreError);
    expect(() => RunStore.open(path)).toThrow(/newer Folio/);
  });

  it('refuses a folder with a StoreError', () => {
    const path = join(tempDir(), 'a-folder');
    mkdirSync(path);
    expect(() => RunStore.open(path)).toThrow(StoreError);
  });
});

describe('writing and reading runs', () => {
  it('records a run and reads everything back after close', () => {
    const path = join(tempDir(), 'folio.db');
    const store = RunStore.open(path);
    const id = recordCompletedRun(store);
    store.close();

    const reader = RunStore.open(path);
    const run = reader.getRun(id)!;
    expect(run).toMatchObject({
      id,
      name: 'shakespeare-char',
      status: 'completed',
      backend: 'wasm',
      seed: 1337,
      configHash: 'abc123def456',
      sweepId: null,
      lastStep: 100,
      trainLoss: 2.0,
      valLoss: 2.3,
      bestValLoss: 2.2,
      error: null,
      info: { parameters: 812_345, dataset: 'tinyshakespeare' },
    });
    expect(run.config).toEqual({ ...sampleConfig, name: 'shakespeare-char' });
    expect(run.endedAt).toBeGreaterThanOrEqual(run.startedAt);
    expect(run.metrics['train/lr']).toEqual({ step: 100, value: 5e-4 });
    expect(Object.keys(run.metrics)).toEqual(['train/eval_loss', 'train/loss', 'train/lr', 'val/loss']);
    expect(run.samples.map((s) => s.text)).toEqual(['first words', 'ROMEO:\nWhat light']);
    expect(run.artifacts).toEqual([expect.objectContaining({ kind: 'checkpoint', path: `runs/${id}/checkpoint`, step: 100 })]);
    expect(reader.metricKeys(id)).toEqual(['train/eval_loss', 'train/loss', 'train/lr', 'val/loss']);
    expect(reader.metricSeries(id, 'val/loss')).toEqual([
      { step: 0, value: 4.3 },
      { step: 50, value: 2.2 },
      { step: 100, value: 2.3 },
    ]);
    expect(reader.getRun(id + 1)).toBeUndefined();
    expect(reader.metricSeries(id + 1, 'val/loss')).toEqual([]);
    reader.close();
  });

  it('lists newest first, with a limit', () => {
    const store = RunStore.open(join(tempDir(), 'folio.db'));
    const ids = [newRun(store, 'a'), newRun(store, 'b'), newRun(store, 'c')];
    expect(store.listRuns().map((r) => r.name)).toEqual(['c', 'b', 'a']);
    expect(store.listRuns({ limit: 2 }).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(store.countRuns()).toBe(3);
    expect(store.listRuns()[0]).toMatchObject({ status: 'running', lastStep: null, trainLoss: null, valLoss: null, bestValLoss: null });
    expect(() => store.listRuns({ limit: 0 })).toThrow(RangeError);
    store.close();
  });

  it('keeps NaN and infinities: NaN is stored as NULL and read back as NaN', () => {
    const path = join(tempDir(), 'folio.db');
    const store = RunStore.open(path);
    const id = newRun(store);
    store.logMetrics(id, 1, { 'train/loss': 3, 'val/loss': 2.5 });
    store.logMetrics(id, 2, { 'train/loss': Infinity, 'val/loss': NaN, 'x/neg': -Infinity });
    store.logMetrics(id, 3, { 'train/loss': NaN });
    store.finishRun(id, 'diverged', 'loss became NaN at step 3');
    store.close();

    const reader = RunStore.open(path);
    expect(reader.metricSeries(id, 'train/loss')).toEqual([
      { step: 1, value: 3 },
      { step: 2, value: Infinity },
      { step: 3, value: NaN },
    ]);
    const [summary] = reader.listRuns();
    expect(summary).toMatchObject({ status: 'diverged', lastStep: 3, trainLoss: NaN, valLoss: NaN, bestValLoss: 2.5 });
    const run = reader.getRun(id)!;
    expect(run.metrics['x/neg']).toEqual({ step: 2, value: -Infinity });
    expect(run.error).toBe('loss became NaN at step 3');
    reader.close();
  });

  it('replaces a value logged twice for the same key and step', () => {
    const store = RunStore.open(join(tempDir(), 'folio.db'));
    const id = newRun(store);
    store.logMetrics(id, 5, { 'train/loss': 1 });
    store.flush();
    store.logMetrics(id, 5, { 'train/loss': 2 });
    store.flush();
    expect(store.metricSeries(id, 'train/loss')).toEqual([{ step: 5, value: 2 }]);
    store.close();
  });

  it('merges info and records the activated backend', () => {
    const store = RunStore.open(join(tempDir(), 'folio.db'));
    const id = newRun(store);
    store.setInfo(id, { parameters: 10 });
    store.setInfo(id, { dataset: 'local' });
    store.setBackend(id, 'tensorflow');
    expect(store.getRun(id)).toMatchObject({ backend: 'tensorflow', info: { parameters: 10, dataset: 'local' } });
    expect(() => store.setBackend(999, 'cpu')).toThrow(StoreError);
    expect(() => store.finishRun(999, 'failed')).toThrow(/no run 999/);
    store.close();
  });

  it('separates runs by sweep id (null when none)', () => {
    const path = join(tempDir(), 'folio.db');
    const store = RunStore.open(path);
    const sweep = store.createSweep({ name: 'lr', spec: {}, specHash: 'spec' });
    const id = store.createRun({ name: 's', config: {}, configHash: 'h', seed: 1, backend: 'cpu', sweepId: sweep });
    expect(store.getRun(id)!.sweepId).toBe(sweep);
    expect(() => store.createRun({ name: 's', config: {}, configHash: 'h', seed: 1, backend: 'cpu', sweepId: sweep + 10 })).toThrow(
      `no sweep ${sweep + 10} in the store`,
    );
    store.close();
  });

  it('is closed for good after close()', () => {
    const store = RunStore.open(join(tempDir(), 'folio.db'));
    store.close();
    store.close();
    expect(() => store.createRun({ name: 'x', config: {}, configHash: 'h', seed: 1, backend: 'cpu' })).toThrow(StoreError);
  });
});

describe('metric batching', () => {
  /** A store with one run, and a count of the metric rows another connection sees on disk. */
  function watchedStore(options?: Parameters<typeof RunStore.open>[1]) {
    const path = join(tempDir(), 'folio.db');
    const store = RunStore.open(path, options);
    const id = newRun(store);
    const other = rawConnection(path);
    const count = other.prepare('SELECT count(*) FROM metrics').pluck();
    const close = () => {
      other.close();
      store.close();
    };
    return { store, id, count, close };
  }

  it('holds metrics until flush, then writes them in one go', () => {
    const { store, id, count, close } = watchedStore();
    for (let step = 1; step <= 20; step++) store.logMetrics(id, step, { 'train/loss': 1 / step, 'train/lr': 1e-3 });
    expect(count.get()).toBe(0);
    store.flush();
    expect(count.get()).toBe(40);
    close();
  });

  it('writes by itself once the buffer passes 500 rows', () => {
    const { store, id, count, close } = watchedStore();
    for (let step = 1; step <= 100; step++) store.logMetrics(id, step, { a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(count.get()).toBe(0);
    store.logMetrics(id, 101, { a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(count.get()).toBe(505);
    close();
  });

  it('writes by itself when a metric arrives 2 s after the last write', () => {
    let now = 1_000_000;
    const { store, id, count, close } = watchedStore({ now: () => now });
    store.logMetrics(id, 1, { loss: 1 });
    now += 1_500;
    store.logMetrics(id, 2, { loss: 1 });
    expect(count.get()).toBe(0);
    now += 600;
    store.logMetrics(id, 3, { loss: 1 });
    expect(count.get()).toBe(3);
    close();
  });

  it('heartbeat and finishRun flush', () => {
    const { store, id, count, close } = watchedStore();
    store.logMetrics(id, 1, { loss: 1 });
    store.heartbeat(id);
    expect(count.get()).toBe(1);
    store.logMetrics(id, 2, { loss: 1 });
    store.finishRun(id, 'interrupted');
    expect(count.get()).toBe(2);
    close();
  });

  it('rejects values that are not numbers where they are logged', () => {
    const store = RunStore.open(join(tempDir(), 'folio.db'));
    const id = newRun(store);
    expect(() => store.logMetrics(id, 1, { loss: '1' as unknown as number })).toThrow(TypeError);
    expect(() => store.logMetrics(id, 1.5, { loss: 1 })).toThrow(TypeError);
    store.close();
  });
});

describe('concurrent access', () => {
  it('lets a second store read while the writer keeps its connection open', () => {
    const path = join(tempDir(), 'folio.db');
    const writer = RunStore.open(path);
    const id = newRun(writer, 'live');
    writer.logMetrics(id, 10, { 'train/loss': 2.5 });
    writer.heartbeat(id);

    const reader = RunStore.open(path);
    expect(reader.listRuns()).toEqual([expect.objectContaining({ id, status: 'running', lastStep: 10, trainLoss: 2.5 })]);
    writer.logMetrics(id, 20, { 'train/loss': 2.0 });
    writer.flush();
    expect(reader.getRun(id)).toMatchObject({ lastStep: 20, trainLoss: 2.0 });
    expect(existsSync(`${path}-wal`)).toBe(true);
    reader.close();

    writer.finishRun(id, 'completed');
    writer.close();
  });
});

describe('crash detection', () => {
  it("lists a 'running' run with a stale heartbeat as 'crashed'", () => {
    const path = join(tempDir(), 'folio.db');
    let now = 5_000_000;
    const store = RunStore.open(path, { now: () => now });
    const stale = newRun(store, 'stale');
    now += 30_000;
    const fresh = newRun(store, 'fresh');
    const done = newRun(store, 'done');
    store.finishRun(done, 'completed');
    now += 45_000; // stale: 75 s since its heartbeat; fresh: 45 s
    const statuses = Object.fromEntries(store.listRuns().map((r) => [r.name, r.status]));
    expect(statuses).toEqual({ stale: 'crashed', fresh: 'running', done: 'completed' });
    expect(store.getRun(stale)!.status).toBe('crashed');
    store.heartbeat(stale);
    expect(store.getRun(stale)!.status).toBe('running');
    expect(store.getRun(fresh)!.status).toBe('running');
    store.close();

    // The threshold is the reader's choice.
    const strict = RunStore.open(path, { now: () => now + 20_000, staleAfterMs: 10_000 });
    expect(strict.getRun(stale)!.status).toBe('crashed');
    expect(strict.getRun(done)!.status).toBe('completed');
    strict.close();
  });
});

describe('resolveStorePath', () => {
  const cwd = '/home/ada/project';
  it('prefers --store, then FOLIO_STORE, then runs/folio.db under cwd', () => {
    expect(resolveStorePath('x.db', { env: { FOLIO_STORE: '/data/s.db' }, cwd })).toBe('/home/ada/project/x.db');
    expect(resolveStorePath('/abs/x.db', { env: {}, cwd })).toBe('/abs/x.db');
    expect(resolveStorePath(undefined, { env: { FOLIO_STORE: '/data/s.db' }, cwd })).toBe('/data/s.db');
    expect(resolveStorePath(undefined, { env: { FOLIO_STORE: 'rel/s.db' }, cwd })).toBe('/home/ada/project/rel/s.db');
    expect(resolveStorePath(undefined, { env: { FOLIO_STORE: '' }, cwd })).toBe('/home/ada/project/runs/folio.db');
    expect(resolveStorePath(undefined, { env: {}, cwd })).toBe('/home/ada/project/runs/folio.db');
  });
  it('refuses an empty --store', () => {
    expect(() => resolveStorePath('', { env: {}, cwd })).toThrow(StoreError);
  });
});
