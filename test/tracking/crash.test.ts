// A training process killed mid-write (SIGKILL: no finally, no close) must leave a store that opens and reads.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../framework/tracking/store.js';
import { tempDir } from './helpers.js';

const BATCH = 50;

// Plain JavaScript, so a bare `node` can run it: writes metrics for one run the way the store does
// (WAL, synchronous=NORMAL, one transaction per batch plus a heartbeat) until it is killed, and
// reports each committed batch on stdout.
const WRITER = `
const [modulePath, dbPath, runIdText, batchText] = process.argv.slice(2);
const Database = require(modulePath);
const runId = Number(runIdText);
const batch = Number(batchText);
const db = new Database(dbPath);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
const insert = db.prepare('INSERT INTO metrics (run_id, step, key, value, time) VALUES (?, ?, ?, ?, ?)');
const beat = db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?');
const write = db.transaction((from) => {
  const now = Date.now();
  for (let step = from; step < from + batch; step++) {
    insert.run(runId, step, 'train/loss', 10 / step, now);
    insert.run(runId, step, 'train/lr', 0.001, now);
  }
  beat.run(now, runId);
});
for (let step = 1; ; step += batch) {
  write(step);
  process.stdout.write('committed ' + (step + batch - 1) + '\\n');
}
`;

describe('a writer killed mid-run', () => {
  it('leaves a readable store; the run reads as crashed with every committed step', async () => {
    const dir = tempDir();
    const path = join(dir, 'runs', 'folio.db');
    const store = RunStore.open(path);
    const runId = store.createRun({ name: 'doomed', config: { name: 'doomed' }, configHash: 'h', seed: 7, backend: 'cpu' });
    store.close();

    const script = join(dir, 'writer.cjs');
    writeFileSync(script, WRITER);
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
    const child = spawn(process.execPath, [script, modulePath, path, String(runId), String(BATCH)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    // Kill it once it has committed a good number of steps, while it is still writing.
    const committed = await new Promise<number>((resolve, reject) => {
      let buffered = '';
      let last = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) last = Number(line.split(' ')[1]);
        if (last >= 5_000 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`writer exited early (${code ?? signal}): ${stderr}`));
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    expect(child.signalCode).toBe('SIGKILL');
    // Killed before it could checkpoint: the latest data lives only in the WAL.
    expect(existsSync(`${path}-wal`)).toBe(true);

    const reader = RunStore.open(path, { now: () => Date.now() + 120_000 });
    const [run] = reader.listRuns();
    expect(run).toMatchObject({ id: runId, name: 'doomed', status: 'crashed' });
    const series = reader.metricSeries(runId, 'train/loss');
    // Every batch reported as committed is there, and batches are all-or-nothing.
    expect(series.length).toBeGreaterThanOrEqual(committed);
    expect(series.length % BATCH).toBe(0);
    expect(series.map((p) => p.step)).toEqual(Array.from({ length: series.length }, (_, i) => i + 1));
    expect(series[9]!.value).toBeCloseTo(1);
    expect(run!.lastStep).toBe(series.length);
    expect(reader.metricSeries(runId, 'train/lr')).toHaveLength(series.length);
    reader.close();

    const check = new Database(path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  }, 30_000);
});
