// SQLite's failures in the words of a person who owns the store: what happened to which file, what
// was kept, and what to do. Every call into a store's connection goes through `guardConnection`, so
// no SqliteError reaches the command line as a stack trace.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

/** Says a store cannot be written (file, folder or disk read-only): reads still work. */
export class ReadOnlyStoreError extends StoreError {}

/** `error` as a StoreError that names `path`; anything that is not SQLite's (or the file system's) is returned as it is. */
export function asStoreError(error: unknown, path: string): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const detail = error instanceof Error ? error.message : String(error);
  const failure = describe(code, path, detail);
  return failure === undefined ? error : failure.kind === 'read-only' ? new ReadOnlyStoreError(failure.message, { cause: error }) : new StoreError(failure.message, { cause: error });
}

/** Whether `error` (as SQLite or the file system threw it) means the store can be read but not written. */
export function isReadOnlyFailure(error: unknown): boolean {
  const raw = error instanceof StoreError && error.cause !== undefined ? error.cause : error; // already translated: look at SQLite's own
  const code = (raw as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM');
}

function describe(code: string, path: string, detail: string): { kind: 'read-only' | 'other'; message: string } | undefined {
  const other = (message: string) => ({ kind: 'other' as const, message });
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return {
      kind: 'read-only',
      message: `${path} is read-only (its file or folder permissions, or a read-only disk): commands that only read it work; to record, make it writable, or give another --store`,
    };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return other(`the disk holding ${path} is full: this write was not recorded, and everything recorded before it is intact; free some space, then go on (folio resume <run> continues a run)`);
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return other(
      `${path} is damaged (${detail}): check it with  sqlite3 ${path} "PRAGMA integrity_check"  and keep a copy; ` +
        `what is readable can be saved with  sqlite3 ${path} .recover | sqlite3 recovered.db  then use --store recovered.db`,
    );
  }
  if (code === 'SQLITE_NOTADB') return other(`${path} is not a Folio store (not an SQLite database)`);
  if (code === 'SQLITE_CANTOPEN') return other(`cannot open the Folio store at ${path} (${detail}; is it a folder, or unreadable?)`);
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH' || code === 'EACCES' || code === 'EPERM') return other(`cannot use the Folio store at ${path}: permission denied (${detail})`);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') {
    return other(`${path} stayed locked by another process (${detail}): try again once it is done`);
  }
  if (code.startsWith('SQLITE_IOERR')) return other(`cannot read or write ${path} (${detail}; ${code}): the disk or file system failed; what was recorded before is intact`);
  if (code === 'EEXIST' || code === 'ENOTDIR') return other(`cannot create the folder for the Folio store at ${path} (${detail})`);
  return undefined;
}

function translated<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw asStoreError(error, path);
  }
}

/**
 * `db` with every call (statements, transactions, pragmas) answering in StoreErrors that name
 * `path`. A statement's chained setters (`pluck()`) return the guarded statement again.
 */
export function guardConnection(db: Database.Database, path: string): Database.Database {
  return new Proxy(db, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'prepare') return (sql: string) => guardStatement(translated(path, () => target.prepare(sql)), path);
      if (property === 'transaction') return (fn: (...args: unknown[]) => unknown) => guardTransaction(target.transaction(fn), path);
      return (...args: unknown[]) => translated(path, () => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

function guardStatement(statement: Database.Statement, path: string): Database.Statement {
  const guarded: Database.Statement = new Proxy(statement, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = translated(path, () => (value as (...a: unknown[]) => unknown).apply(target, args));
        return result === target ? guarded : result;
      };
    },
  });
  return guarded;
}

type Transaction = Database.Transaction<(...args: unknown[]) => unknown>;

function guardTransaction(transaction: Transaction, path: string): Transaction {
  const run = (...args: unknown[]) => translated(path, () => transaction(...args));
  const variant = (name: 'deferred' | 'immediate' | 'exclusive') => (...args: unknown[]) => translated(path, () => transaction[name](...args));
  return Object.assign(run, { default: run, deferred: variant('deferred'), immediate: variant('immediate'), exclusive: variant('exclusive') }) as unknown as Transaction;
}
