// The store's side of checkpoints: artifacts by path (schema version 3), a resumed run, a refused one.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../framework/tracking/migrations.js';
import { RunStore } from '../../framework/tracking/store.js';
import { tempDir } from '../tracking/helpers.js';

describe('the store and checkpoints', () => {
  it('upgrades a version-2 store: a path recorded twice keeps its newest row, and is updated in place from then on', () => {
    const path = join(tempDir(), 'folio.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO runs (name, status, config, config_hash, seed, backend, started_at, heartbeat_at) VALUES ('r', 'completed', '{}', 'h', 1, 'cpu', 0, 0)").run();
    const artifact = db.prepare("INSERT INTO artifacts (run_id, kind, path, step, time) VALUES (1, 'checkpoint', ?, ?, 0)");
    artifact.run('runs/1/checkpoint.json', 10);
    artifact.run('runs/1/checkpoint.json', 20);
    db.close();

    const store = RunStore.open(path);
    expect(store.getRun(1)!.artifacts.map((a) => [a.path, a.step])).toEqual([['runs/1/checkpoint.json', 20]]);
    store.addArtifact(1, 'checkpoint-best', 'runs/1/best.safetensors', 30);
    store.addArtifact(1, 'checkpoint-best', 'runs/1/best.safetensors', 40);
    store.removeArtifact(1, 'runs/1/checkpoint.json');
    expect(store.getRun(1)!.artifacts.map((a) => [a.kind, a.step])).toEqual([['checkpoint-best', 40]]);
    store.close();
  });

  it('reopens a run at its checkpoint: running again, under its new config, with what it logged after the checkpoint gone', () => {
    const store = RunStore.open(join(tempDir(), 'folio.db'));
    const id = store.createRun({ name: 'r', config: { train: { max_iters: 20 } }, configHash: 'a', seed: 1, backend: 'cpu' });
    for (let step = 1; step <= 13; step++) store.logMetrics(id, step, { 'train/loss': 3 - step / 10 });
    store.logSample(id, 10, '\n', 'at ten');
    store.logSample(id, 12, '\n', 'at twelve');
    store.finishRun(id, 'failed', 'disk full');

    store.reopenRun(id, 10, { config: { train: { max_iters: 40 } }, configHash: 'b' });
    const run = store.getRun(id)!;
    expect(run).toMatchObject({ status: 'running', error: null, endedAt: null, configHash: 'b', config: { train: { max_iters: 40 } }, lastStep: 10 });
    expect(run.samples.map((s) => s.text)).toEqual(['at ten']);
    store.close();
  });

  it('discards a run that never trained, with everything recorded for it', () => {
    const store = RunStore.open(join(tempDir(), 'folio.db'));
    const kept = store.createRun({ name: 'kept', config: {}, configHash: 'a', seed: 1, backend: 'cpu' });
    const refused = store.createRun({ name: 'refused', config: {}, configHash: 'a', seed: 1, backend: 'cpu' });
    store.setInfo(refused, { configDir: '/x' });
    store.discardRun(refused);
    expect(store.listRuns().map((r) => r.id)).toEqual([kept]);
    store.close();
  });
});
