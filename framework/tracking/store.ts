// The run store: one SQLite file (WAL) holding every run's config, metrics, samples and artifacts.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RunStatus } from '../training/events.js';
import { StoreError } from './errors.js';
import { checkOwnership, migrate, SCHEMA_VERSION, userVersion } from './migrations.js';
import { openSnapshot, type StoreSnapshot } from './snapshot.js';
import { asStoreError, guardConnection, isReadOnlyFailure, ReadOnlyStoreError } from './sqlite-failures.js';
import { recordedProcessGone } from './process-liveness.js';

export { StoreError } from './errors.js';

/** What `listRuns` and `getRun` report: a 'running' run whose heartbeat went stale reads 'crashed'. */
export type ListedRunStatus = RunStatus | 'crashed';

export type FinishedRunStatus = Exclude<RunStatus, 'running'>;

export const TRAIN_LOSS_KEY = 'train/loss';
export const VAL_LOSS_KEY = 'val/loss';

export interface RunStoreOptions {
  /**
   * A 'running' run whose last heartbeat is older than this reads 'crashed'. Default 60 s. One
   * whose recorded process is gone from this host reads 'crashed' at once.
   */
  staleAfterMs?: number;
  /** Buffered metric rows are written once more than this many are waiting. Default 500. */
  flushRows?: number;
  /** ...or when a metric arrives this long after the last write. Default 2 s. */
  flushIntervalMs?: number;
  /** Milliseconds since the epoch; tests pass their own. */
  now?: () => number;
}

export interface CreateRunInput {
  name: string;
  config: unknown;
  configHash: string;
  seed: number;
  backend: string;
  sweepId?: number | null;
  /** The trial's identity within its sweep (hash of resolved config and seed); null for plain runs. */
  trialKey?: string | null;
}

/** A sweep's own state; its trials' outcomes are counted in SweepSummary. */
export type SweepStatus = 'running' | 'completed' | 'interrupted' | 'failed';

export interface CreateSweepInput {
  name: string;
  /** The sweep's specification as JSON-able data (stored as it is). */
  spec: unknown;
  /** Hash of the spec: the same sweep file and options give the same hash, so a resume finds it. */
  specHash: string;
}

/**
 * A sweep as recorded. Times are milliseconds since the epoch. How its trials stand is counted
 * from them, in one place: framework/sweep/analysis.ts.
 */
export interface SweepSummary {
  id: number;
  name: string;
  spec: unknown;
  specHash: string;
  status: SweepStatus;
  createdAt: number;
  updatedAt: number;
}

/** One run of a sweep, as `sweepTrials` lists it. */
export type TrialRow = RunSummary & { trialKey: string | null; config: unknown };

/**
 * Loss values are numbers, possibly NaN or ±Infinity (a diverged run); null means never logged.
 * Times are milliseconds since the epoch.
 */
export interface RunSummary {
  id: number;
  name: string;
  status: ListedRunStatus;
  backend: string;
  seed: number;
  configHash: string;
  sweepId: number | null;
  startedAt: number;
  endedAt: number | null;
  heartbeatAt: number;
  /** The highest step any metric was logged at; null before the first. */
  lastStep: number | null;
  trainLoss: number | null;
  valLoss: number | null;
  /** The lowest val/loss logged, NaNs ignored. */
  bestValLoss: number | null;
}

export interface MetricPoint {
  step: number;
  value: number;
}

export interface RunSample {
  step: number;
  prompt: string;
  text: string;
  time: number;
}

export interface RunArtifact {
  kind: string;
  path: string;
  step: number;
  time: number;
}

export interface RunDetail extends RunSummary {
  config: unknown;
  info: Record<string, unknown>;
  error: string | null;
  /** The latest value of every metric key, by key (sorted). */
  metrics: Record<string, MetricPoint>;
  /** Oldest first. */
  samples: RunSample[];
  /** In the order they were added. */
  artifacts: RunArtifact[];
}

interface RunRow {
  id: number;
  name: string;
  status: RunStatus;
  backend: string;
  seed: number;
  config_hash: string;
  sweep_id: number | null;
  started_at: number;
  ended_at: number | null;
  heartbeat_at: number;
  /** The process that recorded it (its info's pid and host), to tell a dead run at once. */
  pid: unknown;
  host: unknown;
}

interface TrialRunRow extends RunRow {
  trial_key: string | null;
  config: string;
}

interface SweepRow {
  id: number;
  name: string;
  spec: string;
  spec_hash: string;
  status: SweepStatus;
  created_at: number;
  updated_at: number;
}

interface RunDetailRow extends RunRow {
  config: string;
  info: string | null;
  error: string | null;
}

interface PendingMetric {
  runId: number;
  step: number;
  key: string;
  value: number;
  time: number;
}

const SUMMARY_COLUMNS =
  "id, name, status, backend, seed, config_hash, sweep_id, started_at, ended_at, heartbeat_at, json_extract(info, '$.pid') AS pid, json_extract(info, '$.host') AS host";

// The distinct keys of one run, found by seeking the (run_id, key, step) primary key once per key
// rather than scanning every row of the run.
const RUN_KEYS_CTE = `
  WITH RECURSIVE keys(key) AS (
    SELECT (SELECT min(key) FROM metrics WHERE run_id = :runId)
    UNION ALL
    SELECT (SELECT min(key) FROM metrics WHERE run_id = :runId AND key > keys.key) FROM keys WHERE keys.key IS NOT NULL
  )`;

// How a sweep's trials stand is counted in one place, from its trials: framework/sweep/analysis.ts.
const SWEEP_SELECT = 'SELECT s.id, s.name, s.spec, s.spec_hash, s.status, s.created_at, s.updated_at FROM sweeps s';

/** A queued trial as the coordinator has recorded it (see RunStore.queueTrial). */
export interface QueueTrialState {
  runId: number | null;
  attempt: number;
  lastSeq: number;
}

/**
 * What a run writes to (and, for init_from, reads from) its store: RunStore itself, or on a sweep's
 * worker machine a recorder that sends each call to the coordinator, which holds the store.
 */
export type RunRecorder = Pick<
  RunStore,
  | 'createRun' | 'setBackend' | 'setInfo' | 'logMetrics' | 'logSample' | 'heartbeat' | 'finishRun'
  | 'addArtifact' | 'removeArtifact' | 'discardRun' | 'reopenRun' | 'getRun'
>;

/**
 * Writes and reads runs. One instance per process and file; other processes (a `folio runs list`
 * while a run trains) may open the same file at the same time.
 *
 * Metrics are buffered in memory and written in one transaction by `flush()`, `heartbeat()`,
 * `finishRun()`, `logSample()`, `addArtifact()`, `close()`, and by `logMetrics` itself once more than `flushRows` rows are waiting
 * or `flushIntervalMs` has passed since the last write. There is no timer: a process that dies
 * loses at most what was logged since the last write. Everything else is written at once.
 *
 * Non-finite values: SQLite has no NaN, so a NaN metric is stored as NULL and read back as NaN;
 * ±Infinity is stored and read back as itself. A metric that was never logged has no row.
 */
export class RunStore {
  private readonly now: () => number;
  private readonly staleAfterMs: number;
  private readonly flushRows: number;
  private readonly flushIntervalMs: number;
  private pending: PendingMetric[] = [];
  private lastFlush: number;
  private closed = false;

  private readonly insertRun: Database.Statement;
  private readonly insertSweep: Database.Statement;
  private readonly updateSweepStatus: Database.Statement;
  private readonly touchSweep: Database.Statement;
  private readonly selectSweepById: Database.Statement;
  private readonly selectSweepByHash: Database.Statement;
  private readonly selectSweeps: Database.Statement;
  private readonly selectTrials: Database.Statement;
  private readonly updateBackend: Database.Statement;
  private readonly selectInfo: Database.Statement;
  private readonly updateInfo: Database.Statement;
  private readonly upsertMetric: Database.Statement;
  private readonly insertSample: Database.Statement;
  private readonly updateHeartbeat: Database.Statement;
  private readonly updateFinished: Database.Statement;
  private readonly insertArtifact: Database.Statement;
  private readonly deleteArtifact: Database.Statement;
  private readonly deleteRunRow: Database.Statement;
  private readonly reopen: (runId: number, step: number, config: string, configHash: string) => void;
  private readonly selectRuns: Database.Statement;
  private readonly selectRunCount: Database.Statement;
  private readonly selectRun: Database.Statement;
  private readonly selectKeys: Database.Statement;
  private readonly selectLastStep: Database.Statement;
  private readonly selectLatest: Database.Statement;
  private readonly selectBest: Database.Statement;
  private readonly selectSeries: Database.Statement;
  private readonly selectSamples: Database.Statement;
  private readonly selectArtifacts: Database.Statement;
  private readonly writePending: (rows: PendingMetric[]) => void;
  private readonly selectCursor: Database.Statement;
  private readonly upsertCursor: Database.Statement;
  private readonly selectQueueTrial: Database.Statement;
  private readonly upsertQueueTrial: Database.Statement;

  /**
   * Opens (creating it and its folder if needed) the store at `path` and brings its schema up to date.
   * A store that cannot be written (file, folder or disk read-only) opens for reading: its write
   * methods then throw ReadOnlyStoreError. Throws StoreError for a file that is not a Folio store,
   * is damaged, or comes from a newer Folio.
   */
  static open(path: string, options: RunStoreOptions = {}): RunStore {
    const inMemory = path === ':memory:' || path === '';
    try {
      return RunStore.openWritable(path, inMemory, options);
    } catch (error) {
      if (inMemory || !isReadOnlyFailure(error)) throw asStoreError(error, path);
      if (!existsSync(path)) throw new ReadOnlyStoreError(`cannot create the Folio store at ${path}: its folder is read-only; give another --store`, { cause: error });
      return RunStore.openReadOnly(path, options);
    }
  }

  private static openWritable(path: string, inMemory: boolean, options: RunStoreOptions): RunStore {
    let db: Database.Database | undefined;
    try {
      if (!inMemory) mkdirSync(dirname(path), { recursive: true });
      db = guardConnection(new Database(path), path);
      db.pragma('busy_timeout = 5000');
      // Before anything changes the file: a foreign database is left exactly as it was (no WAL switch).
      checkOwnership(db, path, SCHEMA_VERSION);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
      return new RunStore(db, options, { path });
    } catch (error) {
      db?.close();
      throw error;
    }
  }

  /**
   * Read-only, in place when SQLite can share the file (its folder takes the WAL's shared-memory
   * file and the schema is current); else a private snapshot of it, brought up to date there.
   */
  private static openReadOnly(path: string, options: RunStoreOptions): RunStore {
    let db: Database.Database | undefined;
    try {
      db = guardConnection(new Database(path, { readonly: true, fileMustExist: true }), path);
      db.pragma('busy_timeout = 5000');
      checkOwnership(db, path, SCHEMA_VERSION);
      if (userVersion(db) === SCHEMA_VERSION) return new RunStore(db, options, { path, readOnly: true });
      db.close();
    } catch (error) {
      db?.close();
      if (!isReadOnlyFailure(error)) throw asStoreError(error, path);
    }
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
      return new RunStore(copy, options, { path, readOnly: true, snapshot });
    } catch (error) {
      snapshot.remove();
      throw asStoreError(error, path);
    }
  }

  private constructor(
    private readonly db: Database.Database,
    options: RunStoreOptions,
    private readonly where: { path: string; readOnly?: boolean; snapshot?: StoreSnapshot },
  ) {
    this.now = options.now ?? Date.now;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.flushRows = options.flushRows ?? 500;
    this.flushIntervalMs = options.flushIntervalMs ?? 2_000;
    this.lastFlush = this.now();

    this.insertRun = db.prepare(
      `INSERT INTO runs (name, status, config, config_hash, seed, backend, sweep_id, trial_key, started_at, heartbeat_at)
       VALUES (:name, 'running', :config, :configHash, :seed, :backend, :sweepId, :trialKey, :now, :now)`,
    );
    this.insertSweep = db.prepare(
      `INSERT INTO sweeps (name, spec, spec_hash, status, created_at, updated_at)
       VALUES (:name, :spec, :specHash, 'running', :now, :now)`,
    );
    this.updateSweepStatus = db.prepare('UPDATE sweeps SET status = ?, updated_at = ? WHERE id = ?');
    this.touchSweep = db.prepare('UPDATE sweeps SET updated_at = ? WHERE id = ?');
    this.selectSweepById = db.prepare(`${SWEEP_SELECT} WHERE s.id = :id`);
    this.selectSweepByHash = db.prepare(
      `${SWEEP_SELECT} WHERE s.id = (SELECT max(id) FROM sweeps WHERE spec_hash = :specHash)`,
    );
    this.selectSweeps = db.prepare(`${SWEEP_SELECT} ORDER BY s.id DESC`);
    this.selectTrials = db.prepare(`SELECT ${SUMMARY_COLUMNS}, trial_key, config FROM runs WHERE sweep_id = ? ORDER BY id`);
    this.updateBackend = db.prepare('UPDATE runs SET backend = ? WHERE id = ?');
    this.selectInfo = db.prepare('SELECT info FROM runs WHERE id = ?').pluck();
    this.updateInfo = db.prepare('UPDATE runs SET info = ? WHERE id = ?');
    this.upsertMetric = db.prepare(
      `INSERT INTO metrics (run_id, step, key, value, time) VALUES (:runId, :step, :key, :value, :time)
       ON CONFLICT (run_id, key, step) DO UPDATE SET value = excluded.value, time = excluded.time`,
    );
    this.insertSample = db.prepare('INSERT INTO samples (run_id, step, prompt, text, time) VALUES (?, ?, ?, ?, ?)');
    this.updateHeartbeat = db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?');
    this.updateFinished = db.prepare('UPDATE runs SET status = ?, error = ?, ended_at = ?, heartbeat_at = ? WHERE id = ?');
    this.insertArtifact = db.prepare(
      `INSERT INTO artifacts (run_id, kind, path, step, time) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, step = excluded.step, time = excluded.time`,
    );
    this.deleteArtifact = db.prepare('DELETE FROM artifacts WHERE run_id = ? AND path = ?');
    this.deleteRunRow = db.prepare('DELETE FROM runs WHERE id = ?'); // metrics, samples and artifacts cascade
    const deleteMetricsAfter = db.prepare('DELETE FROM metrics WHERE run_id = ? AND step > ?');
    const deleteSamplesAfter = db.prepare('DELETE FROM samples WHERE run_id = ? AND step > ?');
    const markRunning = db.prepare(
      "UPDATE runs SET status = 'running', error = NULL, ended_at = NULL, heartbeat_at = ?, config = ?, config_hash = ? WHERE id = ?",
    );
    this.reopen = db.transaction((runId: number, step: number, config: string, configHash: string) => {
      this.expectRun(markRunning.run(this.now(), config, configHash, runId), runId);
      deleteMetricsAfter.run(runId, step);
      deleteSamplesAfter.run(runId, step);
    });

    this.selectRuns = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?`);
    this.selectRunCount = db.prepare('SELECT count(*) FROM runs').pluck();
    this.selectRun = db.prepare(`SELECT ${SUMMARY_COLUMNS}, config, info, error FROM runs WHERE id = ?`);
    this.selectKeys = db.prepare(`${RUN_KEYS_CTE} SELECT key FROM keys WHERE key IS NOT NULL`).pluck();
    this.selectLastStep = db
      .prepare(
        `${RUN_KEYS_CTE}
         SELECT max((SELECT max(step) FROM metrics WHERE run_id = :runId AND key = keys.key)) FROM keys WHERE key IS NOT NULL`,
      )
      .pluck();
    this.selectLatest = db.prepare('SELECT step, value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step DESC LIMIT 1');
    this.selectBest = db.prepare('SELECT min(value) FROM metrics WHERE run_id = ? AND key = ?').pluck();
    this.selectSeries = db.prepare('SELECT step, value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step');
    this.selectSamples = db.prepare('SELECT step, prompt, text, time FROM samples WHERE run_id = ? ORDER BY step, id');
    this.selectArtifacts = db.prepare('SELECT kind, path, step, time FROM artifacts WHERE run_id = ? ORDER BY id');

    this.writePending = db.transaction((rows: PendingMetric[]) => {
      for (const row of rows) this.upsertMetric.run(row);
    });
    this.selectCursor = db.prepare('SELECT last_id FROM queue_cursors WHERE stream = ?').pluck();
    this.upsertCursor = db.prepare(
      'INSERT INTO queue_cursors (stream, last_id) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET last_id = excluded.last_id',
    );
    this.selectQueueTrial = db.prepare('SELECT run_id, attempt, last_seq FROM queue_trials WHERE job_id = ?');
    this.upsertQueueTrial = db.prepare(
      `INSERT INTO queue_trials (job_id, run_id, attempt, last_seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (job_id) DO UPDATE SET run_id = excluded.run_id, attempt = excluded.attempt, last_seq = excluded.last_seq`,
    );
  }

  // ---- writing ----

  /** Records a new run as 'running' and returns its id; a sweep's trial also marks its sweep updated. */
  createRun(input: CreateRunInput): number {
    this.assertWritable();
    const now = this.now();
    const sweepId = input.sweepId ?? null;
    const insert = () => {
      if (sweepId !== null && this.touchSweep.run(now, sweepId).changes === 0) throw new StoreError(`no sweep ${sweepId} in the store`);
      return this.insertRun.run({
        name: input.name,
        config: JSON.stringify(input.config) ?? 'null',
        configHash: input.configHash,
        seed: input.seed,
        backend: input.backend,
        sweepId,
        trialKey: input.trialKey ?? null,
        now,
      });
    };
    return Number(this.db.transaction(insert).immediate().lastInsertRowid);
  }

  /** Records a new sweep as 'running' and returns its id. */
  createSweep(input: CreateSweepInput): number {
    this.assertWritable();
    const spec = JSON.stringify(input.spec) ?? 'null';
    const result = this.insertSweep.run({ name: input.name, spec, specHash: input.specHash, now: this.now() });
    return Number(result.lastInsertRowid);
  }

  /** Records the sweep's new status (and when it changed). */
  setSweepStatus(id: number, status: SweepStatus): void {
    this.assertWritable();
    if (this.updateSweepStatus.run(status, this.now(), id).changes === 0) throw new StoreError(`no sweep ${id} in the store`);
  }

  /** The backend actually activated (the config may say 'auto'). */
  setBackend(runId: number, backend: string): void {
    this.assertWritable();
    this.expectRun(this.updateBackend.run(backend, runId), runId);
  }

  /** Merges `info` (parameter count, dataset source, ...) into the run's info, key by key. */
  setInfo(runId: number, info: Record<string, unknown>): void {
    this.assertWritable();
    const current = this.selectInfo.get(runId) as string | null | undefined;
    if (current === undefined) throw new StoreError(`no run ${runId} in the store`);
    const merged = { ...(current === null ? {} : (JSON.parse(current) as Record<string, unknown>)), ...info };
    this.updateInfo.run(JSON.stringify(merged), runId);
  }

  /** Buffers one value per key at `step`; logging a key again at the same step replaces it. */
  logMetrics(runId: number, step: number, values: Record<string, number>): void {
    this.assertWritable();
    if (!Number.isInteger(step)) throw new TypeError(`metric step must be an integer, got ${step}`);
    const time = this.now();
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'number') throw new TypeError(`metric ${key} must be a number, got ${typeof value}`);
      this.pending.push({ runId, step, key, value, time });
    }
    if (this.pending.length > this.flushRows || time - this.lastFlush >= this.flushIntervalMs) this.flush();
  }

  /**
   * Writes the buffered metrics in one transaction. If that fails, the batch is dropped (so one bad
   * row cannot block every later write) and the error is thrown.
   */
  flush(): void {
    this.assertOpen();
    this.lastFlush = this.now();
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.writePending(rows);
  }

  /** Flushes first, so a reader never sees a sample without the metrics logged before it. */
  logSample(runId: number, step: number, prompt: string, text: string): void {
    this.assertWritable();
    this.flush();
    this.insertSample.run(runId, step, prompt, text, this.now());
  }

  /** Says the run is alive (and flushes). Without one for `staleAfterMs`, a 'running' run reads 'crashed'. */
  heartbeat(runId: number): void {
    this.assertWritable();
    this.flush();
    this.expectRun(this.updateHeartbeat.run(this.now(), runId), runId);
  }

  /** Flushes, then records how the run ended. */
  finishRun(runId: number, status: FinishedRunStatus, error?: string): void {
    this.assertWritable();
    this.flush();
    const now = this.now();
    this.expectRun(this.updateFinished.run(status, error ?? null, now, now, runId), runId);
  }

  /** A file the run produced (kind 'checkpoint', ...); recording a path again updates it. Flushes first, like logSample. */
  addArtifact(runId: number, kind: string, path: string, step: number): void {
    this.assertWritable();
    this.flush();
    this.insertArtifact.run(runId, kind, path, step, this.now());
  }

  /**
   * Removes a run that never started training (its setup was refused: say, init_from's checkpoint
   * does not fit the model), so that a refused command leaves the store as it found it.
   */
  discardRun(runId: number): void {
    this.assertWritable();
    this.flush();
    this.expectRun(this.deleteRunRow.run(runId), runId);
  }

  /** Forgets a file the run deleted (an old checkpoint). */
  removeArtifact(runId: number, path: string): void {
    this.assertWritable();
    this.deleteArtifact.run(runId, path);
  }

  /**
   * A resumed run: 'running' again with the config it continues under (`--set` may extend it), and
   * everything it logged after `step` (the checkpoint it continues from) forgotten, so that the
   * steps it trains again are recorded once.
   */
  reopenRun(runId: number, step: number, config: { config: unknown; configHash: string }): void {
    this.assertWritable();
    this.flush();
    this.reopen(runId, step, JSON.stringify(config.config) ?? 'null', config.configHash);
  }

  /**
   * Runs `fn` and writes everything it recorded (buffered metrics included) in one transaction:
   * all of it lands, or none of it does.
   */
  atomically<T>(fn: () => T): T {
    this.assertWritable();
    this.flush(); // what was buffered before belongs to no transaction of this one
    try {
      return this.db
        .transaction(() => {
          const result = fn();
          this.flush();
          return result;
        })
        .immediate();
    } catch (error) {
      this.pending = []; // rolled back: what fn buffered must not land later on its own
      throw error;
    }
  }

  /** How far the coordinator has applied a queue's event stream (a Redis stream entry id). */
  queueCursor(stream: string): string | undefined {
    this.assertOpen();
    return this.selectCursor.get(stream) as string | undefined;
  }

  setQueueCursor(stream: string, lastId: string): void {
    this.assertWritable();
    this.upsertCursor.run(stream, lastId);
  }

  /**
   * The run that holds a queued trial (null before it started), which attempt of it that is and
   * how many of that attempt's events have been applied.
   */
  queueTrial(jobId: string): QueueTrialState | undefined {
    this.assertOpen();
    const row = this.selectQueueTrial.get(jobId) as { run_id: number | null; attempt: number; last_seq: number } | undefined;
    return row === undefined ? undefined : { runId: row.run_id, attempt: row.attempt, lastSeq: row.last_seq };
  }

  setQueueTrial(jobId: string, state: QueueTrialState): void {
    this.assertWritable();
    this.upsertQueueTrial.run(jobId, state.runId, state.attempt, state.lastSeq);
  }

  // ---- cleaning up (folio runs rm, folio gc) ----

  /**
   * Deletes runs and everything recorded of them (metrics, samples and artifact rows cascade) in
   * one transaction: all of them or, should one be missing, none. Their files are the caller's.
   */
  deleteRuns(ids: readonly number[]): void {
    this.flush();
    this.atomically(() => {
      for (const id of ids) this.expectRun(this.deleteRunRow.run(id), id);
    });
  }

  /** Every file path an artifact row refers to, with its run. */
  artifactPaths(): { runId: number; path: string }[] {
    this.assertOpen();
    return this.db.prepare('SELECT run_id AS runId, path FROM artifacts').all() as { runId: number; path: string }[];
  }

  /** The ids of every recorded run. */
  runIds(): Set<number> {
    this.assertOpen();
    return new Set(this.db.prepare('SELECT id FROM runs').pluck().all() as number[]);
  }

  /** Rewrites the database without its free pages, folding the write-ahead log in first. */
  vacuum(): void {
    this.flush();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** SQLite's own check of the file: 'ok', or what is wrong. */
  integrityCheck(): string[] {
    this.assertOpen();
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
  }

  /** Flushes and closes; later calls do nothing. */
  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      this.db.close();
      this.where.snapshot?.remove();
    }
  }

  // ---- reading ----

  /** Newest first. */
  listRuns(options: { limit?: number } = {}): RunSummary[] {
    const { limit } = options;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    }
    const rows = this.selectRuns.all(limit ?? -1) as RunRow[];
    return rows.map((row) => this.summarize(row));
  }

  countRuns(): number {
    return this.selectRunCount.get() as number;
  }

  getRun(id: number): RunDetail | undefined {
    const row = this.selectRun.get(id) as RunDetailRow | undefined;
    if (row === undefined) return undefined;
    const metrics: Record<string, MetricPoint> = {};
    for (const key of this.metricKeys(id)) {
      const latest = this.latest(id, key);
      if (latest !== undefined) metrics[key] = latest;
    }
    return {
      ...this.summarize(row),
      config: JSON.parse(row.config) as unknown,
      info: row.info === null ? {} : (JSON.parse(row.info) as Record<string, unknown>),
      error: row.error,
      metrics,
      samples: this.selectSamples.all(id) as RunSample[],
      artifacts: this.selectArtifacts.all(id) as RunArtifact[],
    };
  }

  /** Every value of `key`, by step. NaN where NaN was logged. */
  metricSeries(runId: number, key: string): MetricPoint[] {
    const rows = this.selectSeries.all(runId, key) as { step: number; value: number | null }[];
    return rows.map((row) => ({ step: row.step, value: row.value ?? NaN }));
  }

  /** The last value of `key` a run logged (NaN where NaN was logged); undefined when never. */
  lastValue(runId: number, key: string): number | undefined {
    return this.latest(runId, key)?.value;
  }

  /** The metric keys a run has values for, sorted. */
  metricKeys(runId: number): string[] {
    return this.selectKeys.all({ runId }) as string[];
  }

  /** The sweep with this id, with its trial counts. */
  getSweep(id: number): SweepSummary | undefined {
    const row = this.selectSweepById.get({ id }) as SweepRow | undefined;
    return row === undefined ? undefined : sweepSummary(row);
  }

  /** The newest sweep recorded with this spec hash: the one a resume continues. */
  findSweep(specHash: string): SweepSummary | undefined {
    const row = this.selectSweepByHash.get({ specHash }) as SweepRow | undefined;
    return row === undefined ? undefined : sweepSummary(row);
  }

  /** Every sweep, newest first. */
  listSweeps(): SweepSummary[] {
    const rows = this.selectSweeps.all() as SweepRow[];
    return rows.map(sweepSummary);
  }

  /** Every run of the sweep, oldest first; a stale 'running' one reads 'crashed', as in listRuns. */
  sweepTrials(sweepId: number): TrialRow[] {
    const rows = this.selectTrials.all(sweepId) as TrialRunRow[];
    return rows.map((row) => ({ ...this.summarize(row), trialKey: row.trial_key, config: JSON.parse(row.config) as unknown }));
  }

  private summarize(row: RunRow): RunSummary {
    const stale = row.status === 'running' && (this.now() - row.heartbeat_at > this.staleAfterMs || recordedProcessGone(row.pid, row.host));
    return {
      id: row.id,
      name: row.name,
      status: stale ? 'crashed' : row.status,
      backend: row.backend,
      seed: row.seed,
      configHash: row.config_hash,
      sweepId: row.sweep_id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      heartbeatAt: row.heartbeat_at,
      lastStep: (this.selectLastStep.get({ runId: row.id }) as number | null) ?? null,
      trainLoss: this.latest(row.id, TRAIN_LOSS_KEY)?.value ?? null,
      valLoss: this.latest(row.id, VAL_LOSS_KEY)?.value ?? null,
      bestValLoss: (this.selectBest.get(row.id, VAL_LOSS_KEY) as number | null) ?? null,
    };
  }

  private latest(runId: number, key: string): MetricPoint | undefined {
    const row = this.selectLatest.get(runId, key) as { step: number; value: number | null } | undefined;
    return row === undefined ? undefined : { step: row.step, value: row.value ?? NaN };
  }

  private expectRun(result: Database.RunResult, runId: number): void {
    if (result.changes === 0) throw new StoreError(`no run ${runId} in the store`);
  }

  /** Writes to a read-only store (or its private snapshot) would be lost: refused, naming the store. */
  private assertWritable(): void {
    this.assertOpen();
    if (this.where.readOnly === true) throw asStoreError(Object.assign(new Error('read-only'), { code: 'SQLITE_READONLY' }), this.where.path);
  }

  /** Whether this store was opened for reading only (its file, folder or disk cannot be written). */
  get readOnly(): boolean {
    return this.where.readOnly === true;
  }

  /** The database file this store reads (a private snapshot where SQLite could not share the store in place). */
  get databaseFile(): string {
    return this.where.snapshot?.file ?? this.where.path;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('the run store is closed');
  }
}

function sweepSummary(row: SweepRow): SweepSummary {
  return {
    id: row.id,
    name: row.name,
    spec: JSON.parse(row.spec) as unknown,
    specHash: row.spec_hash,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
