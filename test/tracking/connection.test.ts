// Opening a store's one connection: for writing it creates and upgrades the file; for reading it
// never does, and an older store is read through an upgraded private copy.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openForReading, openForWriting } from '../../framework/tracking/connection.js';
import { StoreError } from '../../framework/tracking/errors.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../framework/tracking/migrations.js';
import { tempDir } from './helpers.js';

describe('openForWriting', () => {
  it('creates the store and its folder at the current schema, in WAL mode', () => {
    const path = join(tempDir(), 'a', 'b', 'folio.db');
    const connection = openForWriting(path);
    try {
      expect(connection.readOnly).toBe(false);
      expect(connection.file).toBe(path);
      expect(connection.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(connection.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      connection.close();
    }
  });
});

describe('openForReading', () => {
  it('refuses a store that is not there, creating nothing', () => {
    const path = join(tempDir(), 'nowhere', 'folio.db');
    expect(() => openForReading(path)).toThrow(new StoreError(`there is no Folio store at ${path}`));
    expect(existsSync(join(path, '..'))).toBe(false);
  });

  it('reads a current store in place, read-only', () => {
    const path = join(tempDir(), 'folio.db');
    openForWriting(path).close();
    const connection = openForReading(path);
    try {
      expect(connection.readOnly).toBe(true);
      expect(connection.file).toBe(path);
      expect(() => connection.db.exec("INSERT INTO queue_cursors (stream, last_id) VALUES ('s', '1')")).toThrow(/read-only/);
    } finally {
      connection.close();
    }
  });

  it('reads an older store through an upgraded copy, removed on close, and leaves the file as it was', () => {
    const path = join(tempDir(), 'folio.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    migrate(db, path, MIGRATIONS.slice(0, 1));
    db.close();
    const before = readFileSync(path);
    const connection = openForReading(path);
    expect(connection.file).not.toBe(path);
    expect(connection.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    connection.close();
    expect(existsSync(connection.file)).toBe(false);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
