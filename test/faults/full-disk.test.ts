// A disk that fills up mid-run, under the store or under the checkpoints: the run ends with a
// message (no stack trace), says the step it reached, and what the store had recorded is intact.
// On a small tmpfs where the tests may mount one (root); otherwise with an injected write error.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore, StoreError } from '../../framework/tracking/store.js';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
});

/** A tmpfs of `size` at `dir`, or false where this process may not mount one. */
function smallDisk(dir: string, size: string): boolean {
  if (process.env.FOLIO_TEST_NO_MOUNT === '1') return false; // to try the injected variant as root
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return false;
  }
  mounted.push(dir);
  return true;
}

// Logs every step, so the store grows until the disk is full; long enough that it always does.
const GROWING = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 3000').replace('log_interval: 5', 'log_interval: 1').replace('eval_interval: 10', 'eval_interval: 1000');

function integrity(path: string): { ok: string; metrics: number; status: string } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      ok: db.pragma('integrity_check', { simple: true }) as string,
      metrics: db.prepare('SELECT count(*) FROM metrics').pluck().get() as number,
      status: db.prepare('SELECT status FROM runs WHERE id = 1').pluck().get() as string,
    };
  } finally {
    db.close();
  }
}

describe('a full disk under the store', () => {
  it('ends the run with a message that nothing recorded is lost, and the store checks intact', async () => {
    const cwd = workspace({ 'tiny.yaml': GROWING.concat('checkpoint: { every: 100000 }\n'), 'corpus.txt': tinyCorpus() });
    const disk = join(cwd, 'disk');
    if (smallDisk(disk, '300k')) {
      const result = await folio(['run', 'tiny.yaml', '--plain', '--store', 'disk/folio.db'], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `folio: the disk holding ${join(disk, 'folio.db')} is full: this write was not recorded, and everything recorded before it is intact; free some space, then go on (folio resume <run> continues a run)\n`,
      );
      const failedAt = Number(/run 1 failed at step (\d+)/.exec(result.stdout)?.[1]);
      expect(failedAt).toBeGreaterThan(5);
      const stored = integrity(join(disk, 'folio.db'));
      expect(stored.ok).toBe('ok');
      expect(stored.metrics).toBeGreaterThan(0);
      return;
    }
    // Injected: SQLite's own limit on the file's pages gives it the same SQLITE_FULL a full disk does.
    const path = join(cwd, 'store.db');
    const store = RunStore.open(path);
    const id = store.createRun({ name: 'x', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    store.logMetrics(id, 1, { 'train/loss': 1 });
    store.flush();
    (store as unknown as { db: Database.Database }).db.pragma('max_page_count = 1');
    let failure: unknown;
    try {
      for (let step = 2; step < 100_000; step++) store.logMetrics(id, step, { 'train/loss': 1, pad: step });
      store.flush();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as Error).message).toMatch(/^the disk holding .* is full: this write was not recorded, and everything recorded before it is intact/);
    store.close();
    expect(integrity(path)).toEqual({ ok: 'ok', metrics: 1, status: 'running' });
  });
});

describe('a checkpoint that cannot be written', () => {
  it('fails the run at the step it reached, not step 0, keeping the checkpoint before', async () => {
    const cwd = workspace({ 'tiny.yaml': GROWING.replace('max_iters: 3000', 'max_iters: 400').concat('checkpoint: { every: 5, keep: 1000 }\n'), 'corpus.txt': tinyCorpus() });
    let failedFile: string;
    if (smallDisk(join(cwd, 'runs'), '200k')) {
      failedFile = 'ENOSPC';
    } else {
      // Injected: a folder where the checkpoint of step 10 goes, so its write fails after step 5's.
      mkdirSync(join(cwd, 'runs/folio.runs/1/step-0000010.safetensors/in-the-way'), { recursive: true });
      failedFile = 'step-0000010';
    }
    const result = await folio(['run', 'tiny.yaml', '--plain'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^folio: cannot write checkpoint .*${failedFile}.*\\n$`));
    const failedAt = Number(/run 1 failed at step (\d+)/.exec(result.stdout)?.[1]);
    expect(failedAt).toBeGreaterThanOrEqual(5);
    const store = RunStore.open(join(cwd, 'runs/folio.db'));
    try {
      const run = store.getRun(1)!;
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/^cannot write checkpoint/);
    } finally {
      store.close();
    }
  });
});
