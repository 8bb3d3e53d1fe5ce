// The one SQLite connection a store works through, opened for writing (creating and upgrading the
// file) or for reading (never creating, upgrading or writing it).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { checkOwnership, migrate, SCHEMA_VERSION, userVersion } from './migrations.js';
import { openSnapshot, type StoreSnapshot } from './snapshot.js';
import { asStoreError, guardConnection, isReadOnlyFailure } from './sqlite-failures.js';

export interface StoreConnection {
  readonly db: Database.Database;
  /** The store as the user named it (messages name this file). */
  readonly path: string;
  readonly readOnly: boolean;
  /** The database file read: the store's own, or a private snapshot where it cannot be shared in place. */
  readonly file: string;
  /** Closes the connection (and removes its snapshot). */
  close(): void;
}

// A writer that finds the file locked waits this long before giving up.
const BUSY_TIMEOUT_MS = 5000;

export const isInMemory = (path: string): boolean => path === ':memory:' || path === '';

/** Opens (creating it and its folder if needed) the store at `path` and brings its schema up to date. */
export function openForWriting(path: string): StoreConnection {
  const inMemory = isInMemory(path);
  let db: Database.Database | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    db = guardConnection(new Database(path), path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Before anything changes the file: a foreign database is left exactly as it was (no WAL switch).
    checkOwnership(db, path, SCHEMA_VERSION);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return connection(db, path, { readOnly: false });
  } catch (error) {
    db?.close();
    throw error;
  }
}

/**
 * Opens the existing store at `path` for reading, in place when SQLite can share the file (a WAL
 * store stays readable while a run writes it) and its schema is current; else a private snapshot of
 * it, brought up to date there. The file itself is never created, upgraded or written.
 */
export function openForReading(path: string): StoreConnection {
  if (!existsSync(path)) throw new StoreError(`there is no Folio store at ${path}`);
  let db: Database.Database | undefined;
  try {
    db = guardConnection(new Database(path, { readonly: true, fileMustExist: true }), path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    checkOwnership(db, path, SCHEMA_VERSION);
    if (userVersion(db) === SCHEMA_VERSION) return connection(db, path, { readOnly: true });
    db.close();
  } catch (error) {
    db?.close();
    if (!isReadOnlyFailure(error)) throw asStoreError(error, path);
  }
  return openSnapshotForReading(path);
}

function openSnapshotForReading(path: string): StoreConnection {
  const snapshot = openSnapshot(path);
  try {
    const copy = guardConnection(new Database(snapshot.file), path);
    try {
      copy.pragma('foreign_keys = ON');
      migrate(copy, path);
    } catch (error) {
      copy.close();
      throw error;
    }
    return connection(copy, path, { readOnly: true, snapshot });
  } catch (error) {
    snapshot.remove();
    throw asStoreError(error, path);
  }
}

function connection(db: Database.Database, path: string, how: { readOnly: boolean; snapshot?: StoreSnapshot }): StoreConnection {
  return {
    db,
    path,
    readOnly: how.readOnly,
    file: how.snapshot?.file ?? path,
    close: () => {
      try {
        db.close();
      } finally {
        how.snapshot?.remove();
      }
    },
  };
}
