// Stores that cannot be written, are damaged, or are not Folio's: read commands still read what can
// be read, write commands say why they cannot, nothing shows a stack trace, nothing recorded is lost.
import { chmodSync, closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { RunStore, StoreError } from '../../framework/tracking/store.js';
import { seedStore } from '../dashboard/store-fixtures.js';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';
import { folioAsUser } from './run-as-user.js';

const NO_STACK = /\n\s+at /;
const READ_ONLY = (path: string) =>
  `folio: ${path} is read-only (its file or folder permissions, or a read-only disk): commands that only read it work; to record, make it writable, or give another --store\n`;

const READ_COMMANDS = [['runs', 'list'], ['runs', 'show', '1'], ['compare', '1', '2'], ['sweeps', 'list'], ['runs', 'list', '--json']];

describe('a read-only store', () => {
  const restore: (() => void)[] = [];
  afterEach(() => restore.splice(0).forEach((undo) => undo()));

  it.each([
    ['its file is read-only (444)', 'file'],
    ['its folder is read-only (555)', 'folder'],
  ] as const)('when %s: read commands read it, a run says it cannot record, and the store is unchanged', async (_what, which) => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    const path = join(cwd, 'ro/folio.db');
    seedStore(path);
    const before = readFileSync(path);
    if (which === 'file') chmodSync(path, 0o444);
    else chmodSync(join(cwd, 'ro'), 0o555);
    restore.push(() => chmodSync(join(cwd, 'ro'), 0o755));

    for (const command of READ_COMMANDS) {
      const result = await folioAsUser([...command, '--store', 'ro/folio.db'], cwd);
      expect(result.stderr, command.join(' ')).toBe('');
      expect(result.code, command.join(' ')).toBe(0);
    }
    const listed = await folioAsUser(['runs', 'list', '--store', 'ro/folio.db'], cwd);
    expect(listed.stdout).toMatch(/^id +name/);
    const refused = await folioAsUser(['run', 'tiny.yaml', '--plain', '--store', 'ro/folio.db'], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(READ_ONLY(path));
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

/** Overwrites `bytes` bytes from `offset` with a pattern: pages damaged, header left whole. */
function damage(path: string, offset: number, bytes: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(bytes, 0xa5), 0, bytes, offset);
  } finally {
    closeSync(fd);
  }
}

describe('a store with damaged pages', () => {
  it('is named as damaged, with how to check and recover it, by every command, never as a crash', async () => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    const path = join(cwd, 'runs/folio.db');
    seedStore(path);
    const pageSize = (new Database(path, { readonly: true }).pragma('page_size', { simple: true }) as number);
    expect(statSync(path).size).toBeGreaterThan(4 * pageSize);
    damage(path, pageSize, statSync(path).size - pageSize); // every page after the first (the header's)

    for (const command of [...READ_COMMANDS, ['run', 'tiny.yaml', '--plain'], ['sample', '1']]) {
      const result = await folio(command, { cwd });
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr, command.join(' ')).toMatch(new RegExp(`^folio: ${path}.* (is damaged|is not a Folio store)`));
      expect(result.stderr).not.toMatch(NO_STACK);
    }
    // The dashboard's reader refuses it before drawing anything (it needs a terminal, so it is asked directly).
    expect(() => StoreReader.open(path)).toThrow(new RegExp(`^${path} is damaged`));
    const shown = await folio(['runs', 'list'], { cwd });
    expect(shown.stderr).toContain(`sqlite3 ${path} "PRAGMA integrity_check"`);
    expect(shown.stderr).toContain('.recover');
  });
});

describe('a foreign SQLite file given as the store', () => {
  it('is refused before anything changes it: it stays out of WAL mode, byte for byte', async () => {
    const cwd = workspace();
    const path = join(cwd, 'other-app.db');
    const other = new Database(path);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'mine\');');
    other.close();
    const before = readFileSync(path);
    const result = await folio(['runs', 'list', '--store', 'other-app.db'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`folio: ${path} is not a Folio store (it is an SQLite database with other tables)\n`);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(() => RunStore.open(path)).toThrow(StoreError);
    expect(new Database(path, { readonly: true }).pragma('journal_mode', { simple: true })).toBe('delete');
  });
});
