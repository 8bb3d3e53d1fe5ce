// Commands that only read a store open it read-only: they never create a store where there is none,
// never upgrade an older one in place, never write a status they compute (a dead run reads
// 'crashed'), work on a store its owner made read-only, and read while a run writes (WAL).
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../../framework/cli/commands/compare.js';
import { exportCommand } from '../../framework/cli/commands/export.js';
import { reportCommand } from '../../framework/cli/commands/report.js';
import { runsCommand } from '../../framework/cli/commands/runs.js';
import { sampleCommand } from '../../framework/cli/commands/sample.js';
import { sweepsCommand } from '../../framework/cli/commands/sweeps.js';
import type { CommandIO } from '../../framework/cli/io.js';
import { migrate, MIGRATIONS } from '../../framework/tracking/migrations.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { RunStore } from '../../framework/tracking/store.js';
import { seedStore, seedSweep } from '../dashboard/store-fixtures.js';
import { folioAsUser } from '../faults/run-as-user.js';
import { recordCompletedRun, tempDir, testIO } from './helpers.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

const READ_COMMANDS: [string, Command, string[]][] = [
  ['runs list', runsCommand, ['list']],
  ['runs list --json', runsCommand, ['list', '--json']],
  ['runs show', runsCommand, ['show', '1']],
  ['sweeps list', sweepsCommand, ['list']],
  ['sweeps show', sweepsCommand, ['show', '1']],
  ['compare', compareCommand, ['1', '2']],
  ['report', reportCommand, ['1', '2', '--json']],
  ['sample', sampleCommand, ['1', '--tokens', '2']],
  ['export', exportCommand, ['1']],
];

/** Runs a command; a refusal (a missing run, say) is an answer too, so only what it left behind is judged. */
async function attempt(command: Command, argv: string[], io: CommandIO): Promise<void> {
  try {
    await command(argv, io);
  } catch {
    // the message is each command's own test's concern
  }
}

const userVersion = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('a read-only command', () => {
  it.each(READ_COMMANDS)('%s creates no store (nor its folder) where there is none', async (_name, command, argv) => {
    const cwd = tempDir();
    await attempt(command, [...argv, '--store', 'nowhere/folio.db'], testIO(cwd));
    expect(existsSync(join(cwd, 'nowhere'))).toBe(false);
  });

  it('never upgrades an older store in place: it reads an upgraded private copy and leaves the file as it was', async () => {
    const cwd = tempDir();
    const path = join(cwd, 'old.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    migrate(db, path, MIGRATIONS.slice(0, 1));
    const insertRun = db.prepare(
      `INSERT INTO runs (name, status, config, config_hash, seed, backend, started_at, ended_at, heartbeat_at)
       VALUES (?, 'completed', '{"name":"x"}', 'hash', 7, 'wasm', 100, 200, 150)`,
    );
    insertRun.run('first');
    insertRun.run('second');
    db.prepare("INSERT INTO metrics (run_id, step, key, value, time) VALUES (1, 10, 'val/loss', 2.5, 0)").run();
    db.close();
    const before = readFileSync(path);

    for (const [name, command, argv] of READ_COMMANDS) {
      await attempt(command, [...argv, '--store', path], testIO(cwd));
      expect(readFileSync(path).equals(before), name).toBe(true);
      expect(userVersion(path), name).toBe(1);
    }
    const io = testIO(cwd);
    expect(await runsCommand(['list', '--json', '--store', path], io)).toBe(0);
    expect((JSON.parse(io.out()) as { name: string; valLoss: number | null }[]).map((run) => [run.name, run.valLoss])).toEqual([
      ['second', null],
      ['first', 2.5],
    ]);
  });

  it('shows a run whose process is gone as crashed without writing that to the store', async () => {
    const cwd = tempDir();
    const path = join(cwd, 'folio.db');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const store = RunStore.open(path);
    const id = store.createRun({ name: 'gone', config: { name: 'gone' }, configHash: 'h', seed: 1, backend: 'cpu' });
    store.setInfo(id, { pid: deadPid, host: hostname() });
    store.heartbeat(id);
    store.close();

    const io = testIO(cwd);
    expect(await runsCommand(['show', String(id), '--json', '--store', path], io)).toBe(0);
    expect((JSON.parse(io.out()) as { status: string }).status).toBe('crashed');
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(id)).toBe('running');
    db.close();
  });

  it('reads a store while a run writes it, seeing what is committed and never waiting on the writer', () => {
    const path = join(tempDir(), 'folio.db');
    const store = RunStore.open(path);
    const id = recordCompletedRun(store);
    const reader = StoreReader.open(path)!;
    try {
      expect(reader.readOnly).toBe(true);
      store.atomically(() => {
        store.logMetrics(id, 200, { 'train/loss': 1.5 });
        store.flush(); // written inside the open transaction, not committed yet
        expect(reader.getRun(id)!.lastStep).toBe(100);
      });
      expect(reader.getRun(id)!.lastStep).toBe(200);
      expect(reader.lastValue(id, 'train/loss')).toBe(1.5);
    } finally {
      reader.close();
      store.close();
    }
  });

  it('works on a store whose file the reading user cannot write (chmod 444), and leaves it unchanged', async () => {
    const cwd = tempDir();
    const path = join(cwd, 'ro', 'folio.db');
    seedStore(path);
    seedSweep(path);
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    for (const argv of [['sweeps', 'show', '1', '--json'], ['report', '1', '2', '--json'], ['runs', 'show', '1', '--json']]) {
      const result = await folioAsUser([...argv, '--store', 'ro/folio.db'], cwd);
      expect(result.stderr, argv.join(' ')).toBe('');
      expect(result.code, argv.join(' ')).toBe(0);
      expect(() => JSON.parse(result.stdout) as unknown, argv.join(' ')).not.toThrow();
    }
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
