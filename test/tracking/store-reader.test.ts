import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { RunStore, StoreError } from '../../framework/tracking/store.js';
import { workspace } from '../helpers/temp.js';
import { seedStore, T0 } from '../dashboard/store-fixtures.js';

const open: StoreReader[] = [];
afterEach(() => {
  for (const reader of open.splice(0)) reader.close();
});

function readerOf(path: string, now = T0 + 3_600_000): StoreReader {
  const reader = StoreReader.open(path, { now: () => now, staleAfterMs: 60 * 60_000 });
  if (reader === undefined) throw new Error('no store');
  open.push(reader);
  return reader;
}

describe('StoreReader', () => {
  it('does not create a store where there is none', () => {
    const path = join(workspace(), 'runs', 'folio.db');
    expect(StoreReader.open(path)).toBeUndefined();
  });

  it('lists every run with the figures of the runs table, newest first', () => {
    const path = join(workspace(), 'folio.db');
    seedStore(path);
    const runs = readerOf(path).runs();
    expect(runs.map((run) => run.id)).toEqual([5, 4, 3, 2, 1]);
    expect(runs[4]).toMatchObject({ name: 'lr-0.003', status: 'completed', steps: 100, valLoss: 1.8, bestValLoss: 1.8, tokensPerSecond: 2001 });
    // The diverged run's last val loss was NaN: not "never evaluated".
    expect(runs[1]!.valLoss).toBeNaN();
    expect(runs[1]!.bestValLoss).toBeCloseTo(2.9);
    expect(runs[0]).toMatchObject({ status: 'running', steps: 60 });
  });

  it('reads a running run whose heartbeat stopped as crashed', () => {
    const path = join(workspace(), 'folio.db');
    seedStore(path);
    const later = StoreReader.open(path, { now: () => T0 + 10 * 3_600_000, staleAfterMs: 60_000 })!;
    open.push(later);
    expect(later.runs()[0]!.status).toBe('crashed');
  });

  it('downsamples a curve in SQL: bucket means with their lowest and highest value', () => {
    const path = join(workspace(), 'folio.db');
    const store = RunStore.open(path);
    const id = store.createRun({ name: 'long', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    for (let step = 0; step < 1000; step++) store.logMetrics(id, step, { 'train/loss': step });
    store.close();
    const curve = readerOf(path).curveOf(id, 'train/loss', 10);
    expect(curve).toHaveLength(10);
    expect(curve[0]).toEqual({ bucket: 0, step: 99, value: 49.5, low: 0, high: 99 });
    expect(curve[9]).toEqual({ bucket: 9, step: 999, value: 949.5, low: 900, high: 999 });
    // Fewer steps than buckets: one point per step.
    expect(readerOf(path).curveOf(id, 'train/loss', 5000)).toHaveLength(1000);
  });

  it('notices commits by another connection through its change token', () => {
    const path = join(workspace(), 'folio.db');
    seedStore(path);
    const reader = readerOf(path);
    const before = reader.changeToken();
    expect(reader.changeToken()).toBe(before);
    const store = RunStore.open(path);
    store.createRun({ name: 'new', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    store.close();
    expect(reader.changeToken()).not.toBe(before);
    expect(reader.runs()[0]!.name).toBe('new');
  });

  it('refuses a store written by a newer Folio, and leaves it as it was', () => {
    const path = join(workspace(), 'folio.db');
    seedStore(path);
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(path);
    expect(() => StoreReader.open(path)).toThrow(StoreError);
    expect(() => StoreReader.open(path)).toThrow(/written by a newer Folio \(store schema version 99/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('one read API', () => {
  it('answers the same from a read-only StoreReader as from the RunStore that wrote the file', () => {
    const path = join(workspace(), 'folio.db');
    seedStore(path);
    const store = RunStore.open(path, { now: () => T0 + 3_600_000, staleAfterMs: 60 * 60_000 });
    const reader = readerOf(path);
    try {
      expect(reader.readOnly).toBe(true);
      expect(store.readOnly).toBe(false);
      expect(reader.listRuns()).toEqual(store.listRuns());
      expect(reader.getRun(1)).toEqual(store.getRun(1));
      expect(reader.runs()).toEqual(store.runs());
      expect(reader.metricSeries(1, 'val/loss')).toEqual(store.metricSeries(1, 'val/loss'));
      expect(reader.integrityCheck()).toEqual(['ok']);
    } finally {
      store.close();
    }
  });
});
