// A private copy of a store that SQLite cannot open in place for reading (its folder is read-only,
// so the WAL's shared-memory file cannot be made, or its schema is older and cannot be upgraded in
// place): read commands read the copy, and nothing is ever written back.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StoreSnapshot {
  /** The copy's database file. */
  file: string;
  /** Deletes the copy. */
  remove(): void;
}

/** Copies the store at `path` (with its write-ahead log, which holds the newest commits) to a temp folder. */
export function openSnapshot(path: string): StoreSnapshot {
  const dir = mkdtempSync(join(tmpdir(), 'folio-store-snapshot-'));
  const file = join(dir, 'store.db');
  try {
    copyFileSync(path, file);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${file}-wal`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
