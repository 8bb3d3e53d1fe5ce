// folio runs rm and folio gc on a store made by real training runs: what they delete is gone from
// the database and the disk, what they keep is whole, and no file or row is left orphaned.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { gcCommand } from '../../framework/cli/commands/gc.js';
import { runsCommand } from '../../framework/cli/commands/runs.js';
import { RunStore } from '../../framework/tracking/store.js';
import { RESUMABLE_CONFIG } from '../checkpoint/fixtures.js';
import { workspaceForSuite } from '../checkpoint/suite-workspace.js';
import { folio, tinyCorpus } from '../helpers/cli.js';
import { failure, testIO } from './helpers.js';

/** Every file below `dir`, relative to it. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path).map((inner) => join(entry, inner)) : [entry];
  });
}

function query<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('folio runs rm and folio gc', () => {
  const dir = workspaceForSuite({ 'tiny.yaml': RESUMABLE_CONFIG, 'corpus.txt': tinyCorpus() });
  const db = join(dir, 'runs', 'folio.db');
  const runs = join(dir, 'runs', 'folio.runs'); // the store's own folder of run files
  let live = 0;

  it('trains two runs to clean up after, and records a live one', async () => {
    for (let i = 0; i < 2; i++) expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
    const store = RunStore.open(db);
    live = store.createRun({ name: 'live', config: { name: 'live' }, configHash: 'eeee', seed: 3, backend: 'wasm' });
    store.setInfo(live, { pid: process.pid, host: hostname() });
    store.close();
    // The live run's newest checkpoint, written but not recorded yet: gc must leave it.
    mkdirSync(join(runs, String(live)));
    writeFileSync(join(runs, String(live), 'step-0000005.safetensors'), 'not yet recorded');
    expect(readdirSync(join(runs, '1')).filter((f) => f.endsWith('.safetensors')).length).toBeGreaterThan(0);
  });

  it('refuses to remove a live run, and asks before removing (a script must say --yes)', async () => {
    const refused = await failure(runsCommand(['rm', '1', String(live), '--yes'], testIO(dir)));
    expect(refused.message).toMatch(new RegExp(`^run ${live} is still running; .*nothing was removed`));
    const script = testIO(dir);
    const unasked = await failure(runsCommand(['rm', '1'], script));
    expect(script.out()).toBe(''); // the refusal alone, no table
    expect(unasked.message).toMatch(/^remove 1 run \(#1\) and [\d.]+ kB of checkpoints\? There is no terminal to ask on: pass --yes/);
    const declined = { ...testIO(dir), stdin: Object.assign(Readable.from(['n\n']), { isTTY: true }) };
    expect(await runsCommand(['rm', '1'], declined)).toBe(1);
    expect(declined.out()).toContain('nothing removed');
    expect(query(db, 'SELECT id FROM runs ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: live }]);
    expect(existsSync(join(runs, '1'))).toBe(true);
  });

  it('removes a run: its rows in every table and its checkpoint files', async () => {
    const io = { ...testIO(dir), stdin: Object.assign(Readable.from(['y\n']), { isTTY: true }) };
    expect(await runsCommand(['rm', '1'], io)).toBe(0);
    expect(io.out()).toMatch(/removed 1 run \(#1\), \d+ files?, [\d.]+ kB/);
    for (const table of ['runs', 'metrics', 'samples', 'artifacts']) {
      const column = table === 'runs' ? 'id' : 'run_id';
      expect(query(db, `SELECT count(*) AS n FROM ${table} WHERE ${column} = 1`)).toEqual([{ n: 0 }]);
    }
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM metrics WHERE run_id = 2')[0]!.n).toBeGreaterThan(0);
    expect(existsSync(join(runs, '1'))).toBe(false);
  });

  it('gc removes the files no run refers to, keeps the rest, and compacts the database', async () => {
    // What a crash leaves: a deleted run's folder, a half-written checkpoint of a finished run.
    mkdirSync(join(runs, '77'));
    writeFileSync(join(runs, '77', 'step-0000010.safetensors'), Buffer.alloc(4096));
    writeFileSync(join(runs, '2', '.step-0000020.safetensors.999.partial'), Buffer.alloc(2048));
    const io = testIO(dir);
    expect(await gcCommand([], io)).toBe(0);
    expect(io.out()).toMatch(/^removed 2 unreferenced checkpoint files \(6\.1 kB\)\ndatabase [\d.]+ [kM]B -> [\d.]+ [kM]B/);
    expect(io.out()).toMatch(/freed [\d.]+ kB in all/);

    expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(query(db, 'PRAGMA foreign_key_check')).toEqual([]);
    const recorded = query<{ path: string }>(db, 'SELECT path FROM artifacts').map((a) => relative(runs, a.path)).sort();
    const onDisk = walk(runs).filter((f) => /\.safetensors$|\.partial$/.test(f)).sort();
    // Every checkpoint on disk is recorded, but the live run's unrecorded newest; every record has its file.
    expect(onDisk).toEqual([...recorded, join(String(live), 'step-0000005.safetensors')].sort());
    expect(recorded.every((path) => path.startsWith('2/'))).toBe(true);
  });

  it('the kept run still samples from its checkpoint', async () => {
    const sampled = await folio(['sample', '2', '--tokens', '5'], { cwd: dir });
    expect(sampled.stderr).toBe('');
    expect(sampled.code).toBe(0);
  });
});
