// The run store's schema, as an ordered list of steps; PRAGMA user_version counts the steps applied.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

/** Marks a database as a Folio store (PRAGMA application_id): "Foli" in ASCII. */
export const FOLIO_APPLICATION_ID = 0x466f6c69;

/**
 * Append-only: a released step is never edited, a schema change is a new step at the end.
 * Each step runs in its own transaction together with the user_version bump.
 *
 * Conventions: times are integer milliseconds since the epoch; JSON columns hold text;
 * metrics.value is REAL where NaN is stored as NULL (SQLite has no NaN), infinities as themselves.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sweeps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    spec        TEXT NOT NULL CHECK (json_valid(spec)),
    status      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );

  -- AUTOINCREMENT: a run id is never handed out twice, even after deletions.
  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted', 'diverged')),
    config        TEXT NOT NULL CHECK (json_valid(config)),
    config_hash   TEXT NOT NULL,
    seed          INTEGER NOT NULL,
    backend       TEXT NOT NULL,
    sweep_id      INTEGER REFERENCES sweeps (id) ON DELETE SET NULL,
    info          TEXT CHECK (info IS NULL OR json_valid(info)),
    error         TEXT,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    heartbeat_at  INTEGER NOT NULL
  );
  CREATE INDEX runs_by_sweep ON runs (sweep_id);

  -- The primary key is the (run_id, key, step) index: one value per key and step
  -- (logging it again replaces it), stored in that order, so a series is one range scan.
  CREATE TABLE metrics (
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step    INTEGER NOT NULL,
    key     TEXT NOT NULL,
    value   REAL,
    time    INTEGER NOT NULL,
    PRIMARY KEY (run_id, key, step)
  ) WITHOUT ROWID;

  CREATE TABLE samples (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step    INTEGER NOT NULL,
    prompt  TEXT NOT NULL,
    text    TEXT NOT NULL,
    time    INTEGER NOT NULL
  );
  CREATE INDEX samples_by_run ON samples (run_id, step);

  CREATE TABLE artifacts (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    path    TEXT NOT NULL,
    step    INTEGER NOT NULL,
    time    INTEGER NOT NULL
  );
  CREATE INDEX artifacts_by_run ON artifacts (run_id);
  `,
  // 2: sweeps. runs.status gains 'pruned' (early stopping) and runs.trial_key (a trial's identity
  // in its sweep); sweeps gain spec_hash (to find a sweep again on resume), updated_at and a status
  // check. SQLite cannot alter a CHECK, so both tables are rebuilt the documented way: create the new
  // table, copy every row with its id, drop the old, rename (migrate() turns foreign keys off around a
  // step, so the DROP does not cascade into metrics). The AUTOINCREMENT counters are carried over
  // (the copy's counter is only its highest id), so an id is still never handed out twice.
  `
  CREATE TABLE sweeps_v2 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    spec        TEXT NOT NULL CHECK (json_valid(spec)),
    spec_hash   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  -- Version 1 wrote no sweeps; should one exist, an unknown status reads as interrupted (resumable).
  INSERT INTO sweeps_v2 (id, name, spec, spec_hash, status, created_at, updated_at)
    SELECT id, name, spec, '',
           CASE WHEN status IN ('running', 'completed', 'interrupted', 'failed') THEN status ELSE 'interrupted' END,
           created_at, created_at
    FROM sweeps;
  DELETE FROM sqlite_sequence WHERE name = 'sweeps_v2';
  INSERT INTO sqlite_sequence (name, seq) SELECT 'sweeps_v2', seq FROM sqlite_sequence WHERE name = 'sweeps';

  CREATE TABLE runs_v2 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted', 'diverged', 'pruned')),
    config        TEXT NOT NULL CHECK (json_valid(config)),
    config_hash   TEXT NOT NULL,
    seed          INTEGER NOT NULL,
    backend       TEXT NOT NULL,
    sweep_id      INTEGER REFERENCES sweeps (id) ON DELETE SET NULL,
    info          TEXT CHECK (info IS NULL OR json_valid(info)),
    error         TEXT,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    heartbeat_at  INTEGER NOT NULL,
    trial_key     TEXT
  );
  INSERT INTO runs_v2 (id, name, status, config, config_hash, seed, backend, sweep_id, info, error, started_at, ended_at, heartbeat_at)
    SELECT id, name, status, config, config_hash, seed, backend, sweep_id, info, error, started_at, ended_at, heartbeat_at
    FROM runs;
  DELETE FROM sqlite_sequence WHERE name = 'runs_v2';
  INSERT INTO sqlite_sequence (name, seq) SELECT 'runs_v2', seq FROM sqlite_sequence WHERE name = 'runs';

  DROP TABLE runs;
  DROP TABLE sweeps;
  ALTER TABLE sweeps_v2 RENAME TO sweeps;
  ALTER TABLE runs_v2 RENAME TO runs;
  -- (sweep_id, trial_key) serves both "the runs of a sweep" and "this trial of that sweep".
  CREATE INDEX runs_by_sweep ON runs (sweep_id, trial_key);
  CREATE INDEX sweeps_by_spec ON sweeps (spec_hash);
  `,
  // 3: checkpoints. A run now keeps several checkpoint files, rewrites best.safetensors and deletes
  // old ones, so an artifact is identified by its path: recording the same path again updates its
  // row. Earlier versions recorded each path once; should a duplicate exist, the newest row stays.
  `
  DELETE FROM artifacts WHERE id NOT IN (SELECT max(id) FROM artifacts GROUP BY run_id, path);
  DROP INDEX artifacts_by_run;
  CREATE UNIQUE INDEX artifacts_by_run ON artifacts (run_id, path);
  `,
  // 4: sweeps across machines. Workers report through a Redis stream; the coordinator records how
  // far it has read each stream in the same transaction as what it read (so a restart applies every
  // entry exactly once), and which run holds each queued trial and which attempt of it.
  `
  CREATE TABLE queue_cursors (
    stream   TEXT PRIMARY KEY,
    last_id  TEXT NOT NULL
  );
  -- last_seq: the attempt's events applied so far (a batch a worker sent twice is applied once).
  CREATE TABLE queue_trials (
    job_id    TEXT PRIMARY KEY,
    run_id    INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    attempt   INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL
  );
  `,
];

/** The schema version this Folio writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database at `path` (already open as `db`) up to SCHEMA_VERSION.
 * Refuses databases that belong to something else or to a newer Folio.
 */
export function migrate(db: Database.Database, path: string, migrations: readonly string[] = MIGRATIONS): void {
  checkOwnership(db, path, migrations.length);
  if (userVersion(db) >= migrations.length) return;
  // A step that rebuilds a table drops the old one; with foreign keys on, that DROP would delete
  // (cascade) every child row. The pragma is a no-op inside a transaction, so it goes around the
  // loop, and each step checks the keys itself before it commits.
  const enforcingForeignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enforcingForeignKeys) db.pragma('foreign_keys = OFF');
  try {
    while (userVersion(db) < migrations.length) applyNextStep(db, path, migrations);
  } finally {
    if (enforcingForeignKeys) db.pragma('foreign_keys = ON');
  }
}

function applyNextStep(db: Database.Database, path: string, migrations: readonly string[]): void {
  // IMMEDIATE takes the write lock first, so two processes opening a fresh store at once
  // apply each step once: the second one waits, then sees the bumped version and skips.
  db.transaction(() => {
    const version = userVersion(db);
    if (version >= migrations.length) return;
    db.exec(migrations[version]!);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) {
      throw new StoreError(`${path}: upgrading the store to schema version ${version + 1} would break ${broken.length} reference(s); nothing was changed`);
    }
    // The mark goes on with the first step, so every database with a schema carries it.
    if (version === 0) db.pragma(`application_id = ${FOLIO_APPLICATION_ID}`);
    db.pragma(`user_version = ${version + 1}`);
  }).immediate();
}

/** Refuses a database that belongs to another application or a newer Folio; reads only. */
export function checkOwnership(db: Database.Database, path: string, known: number): void {
  const version = userVersion(db);
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId !== 0 && applicationId !== FOLIO_APPLICATION_ID) {
    throw new StoreError(`${path} is not a Folio store (it is an SQLite database of another application)`);
  }
  if (version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
    if (tables.n > 0) throw new StoreError(`${path} is not a Folio store (it is an SQLite database with other tables)`);
    return;
  }
  if (applicationId !== FOLIO_APPLICATION_ID) {
    throw new StoreError(`${path} is not a Folio store (an SQLite database without Folio's mark)`);
  }
  if (version > known) {
    throw new StoreError(
      `${path} was written by a newer Folio (store schema version ${version}; this Folio knows up to ${known}): upgrade Folio to read it`,
    );
  }
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
