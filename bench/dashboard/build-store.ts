// A big store for the dashboard benchmark: `runs` runs of `rowsPerRun` metric rows each (train loss,
// learning rate, gradient norm, step time, speed every step; val loss every 20), a few samples each,
// a sweep holding some of them. Written straight through SQLite in one transaction (seconds, not the
// minutes logging through the store's API would take); the schema is the store's own.
import Database from 'better-sqlite3';
import { RunStore } from '../../framework/tracking/store.js';

const STEP_KEYS = ['train/loss', 'train/lr', 'train/grad_norm', 'perf/step_ms', 'perf/tokens_per_s'];
const VAL_EVERY = 20;

export interface BigStore {
  runs: number;
  metricRows: number;
}

export function buildBigStore(path: string, runs: number, rowsPerRun: number): BigStore {
  const stepsPerRun = Math.ceil(rowsPerRun / (STEP_KEYS.length + 1 / VAL_EVERY));
  const store = RunStore.open(path);
  const sweepId = store.createSweep({ name: 'bench-lr', spec: { metric: 'val/loss', goal: 'minimize', parameters: [{ path: 'optimizer.lr', kind: 'values', values: [1e-3, 2e-3, 3e-3] }] }, specHash: 'bench' });
  const ids: number[] = [];
  for (let i = 0; i < runs; i++) {
    const lr = [1e-3, 2e-3, 3e-3][i % 3]!;
    const config = { name: `bench-${i}`, seed: 1 + (i % 5), model: { type: 'gpt', n_layer: 4, n_embd: 128 }, optimizer: { type: 'adamw', lr }, train: { max_iters: stepsPerRun } };
    ids.push(store.createRun({ name: config.name, config, configHash: `h${i}`, seed: config.seed, backend: 'native', sweepId: i % 10 === 0 ? sweepId : null }));
  }
  for (const id of ids.slice(0, -3)) store.finishRun(id, 'completed');
  store.close();

  const db = new Database(path);
  let metricRows = 0;
  const insert = db.prepare('INSERT INTO metrics (run_id, step, key, value, time) VALUES (?, ?, ?, ?, ?)');
  const sample = db.prepare('INSERT INTO samples (run_id, step, prompt, text, time) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const [i, id] of ids.entries()) {
      const start = 4.2 - (i % 7) * 0.05;
      for (let step = 1; step <= stepsPerRun; step++) {
        const loss = 1.5 + (start - 1.5) * Math.exp(-step / (stepsPerRun / 4)) + 0.02 * Math.sin(step);
        const values = [loss, 1e-3, 0.8, 30, 25_000];
        for (const [k, key] of STEP_KEYS.entries()) insert.run(id, step, key, values[k], step);
        metricRows += STEP_KEYS.length;
        if (step % VAL_EVERY === 0) {
          insert.run(id, step, 'val/loss', loss + 0.05, step);
          metricRows += 1;
        }
        if (step % (stepsPerRun / 4) === 0) sample.run(id, step, '\n', `ROMEO:\nA sample of run ${id} at step ${step}.`, step);
      }
    }
  })();
  db.close();
  return { runs, metricRows };
}
