// The run store: one SQLite file (WAL) holding every run's config, metrics, samples and artifacts.
// RunStore is the writing side; it reads through the one read API it extends (store-reader.ts), over
// the same connection, and writes through the tables of each concern (runs, metrics, samples,
// artifacts, sweeps, the queue's cursors).
import { existsSync } from 'node:fs';
import { StoreError } from './errors.js';
import { isInMemory, openForReading, openForWriting, type StoreConnection } from './connection.js';
import { QueueCursors } from './queue-cursors.js';
import type { MetricRow } from './metrics.js';
import type { CreateRunInput, CreateSweepInput, FinishedRunStatus, QueueTrialState, SweepStatus } from './records.js';
import { asStoreError, isReadOnlyFailure, ReadOnlyStoreError } from './sqlite-failures.js';
import { StoreReader, type StoreReaderOptions } from './store-reader.js';

export { StoreError } from './errors.js';
export * from './records.js';

export interface RunStoreOptions extends StoreReaderOptions {
  /** Buffered metric rows are written once more than this many are waiting. Default 500. */
  flushRows?: number;
  /** ...or when a metric arrives this long after the last write. Default 2 s. */
  flushIntervalMs?: number;
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
 * Writes runs (and reads them, as a StoreReader). One instance per process and file; other
 * processes (a `folio runs list` while a run trains) may open the same file at the same time.
 *
 * Metrics are buffered in memory and written in one transaction by `flush()`, `heartbeat()`,
 * `finishRun()`, `logSample()`, `addArtifact()`, `close()`, and by `logMetrics` itself once more than `flushRows` rows are waiting
 * or `flushIntervalMs` has passed since the last write. There is no timer: a process that dies
 * loses at most what was logged since the last write. Everything else is written at once.
 *
 * Non-finite values: SQLite has no NaN, so a NaN metric is stored as NULL and read back as NaN;
 * ±Infinity is stored and read back as itself. A metric that was never logged has no row.
 */
export class RunStore extends StoreReader {
  private readonly flushRows: number;
  private readonly flushIntervalMs: number;
  private readonly queue: QueueCursors;
  private pending: MetricRow[] = [];
  private lastFlush: number;

  /**
   * Opens (creating it and its folder if needed) the store at `path` and brings its schema up to date.
   * A store that cannot be written (file, folder or disk read-only) opens for reading: its write
   * methods then throw ReadOnlyStoreError. Throws StoreError for a file that is not a Folio store,
   * is damaged, or comes from a newer Folio.
   */
  static override open(path: string, options: RunStoreOptions = {}): RunStore {
    try {
      return new RunStore(openForWriting(path), options);
    } catch (error) {
      if (isInMemory(path) || !isReadOnlyFailure(error)) throw asStoreError(error, path);
      if (!existsSync(path)) throw new ReadOnlyStoreError(`cannot create the Folio store at ${path}: its folder is read-only; give another --store`, { cause: error });
      return new RunStore(openForReading(path), options);
    }
  }

  private constructor(connection: StoreConnection, options: RunStoreOptions) {
    super(connection, options);
    this.flushRows = options.flushRows ?? 500;
    this.flushIntervalMs = options.flushIntervalMs ?? 2_000;
    this.lastFlush = this.now();
    this.queue = new QueueCursors(connection.db);
  }

  // ---- runs ----

  /** Records a new run as 'running' and returns its id; a sweep's trial also marks its sweep updated. */
  createRun(input: CreateRunInput): number {
    this.assertWritable();
    const now = this.now();
    const sweepId = input.sweepId ?? null;
    const insert = () => {
      if (sweepId !== null) this.sweepsTable.touch(sweepId, now);
      return this.runsTable.insert({
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
    return this.connection.db.transaction(insert).immediate();
  }

  /** The backend actually activated (the config may say 'auto'). */
  setBackend(runId: number, backend: string): void {
    this.assertWritable();
    this.runsTable.setBackend(runId, backend);
  }

  /** Merges `info` (parameter count, dataset source, ...) into the run's info, key by key. */
  setInfo(runId: number, info: Record<string, unknown>): void {
    this.assertWritable();
    const current = this.runsTable.info(runId);
    if (current === undefined) throw new StoreError(`no run ${runId} in the store`);
    const merged = { ...(current === null ? {} : (JSON.parse(current) as Record<string, unknown>)), ...info };
    this.runsTable.setInfo(runId, JSON.stringify(merged));
  }

  /** Says the run is alive (and flushes). Without one for `staleAfterMs`, a 'running' run reads 'crashed'. */
  heartbeat(runId: number): void {
    this.assertWritable();
    this.flush();
    this.runsTable.heartbeat(runId, this.now());
  }

  /** Flushes, then records how the run ended. */
  finishRun(runId: number, status: FinishedRunStatus, error?: string): void {
    this.assertWritable();
    this.flush();
    this.runsTable.finish(runId, status, error ?? null, this.now());
  }

  /**
   * Removes a run that never started training (its setup was refused: say, init_from's checkpoint
   * does not fit the model), so that a refused command leaves the store as it found it.
   */
  discardRun(runId: number): void {
    this.assertWritable();
    this.flush();
    this.runsTable.delete(runId);
  }

  /**
   * A resumed run: 'running' again with the config it continues under (`--set` may extend it), and
   * everything it logged after `step` (the checkpoint it continues from) forgotten, so that the
   * steps it trains again are recorded once.
   */
  reopenRun(runId: number, step: number, config: { config: unknown; configHash: string }): void {
    this.assertWritable();
    this.flush();
    const configText = JSON.stringify(config.config) ?? 'null';
    this.connection.db.transaction(() => {
      this.runsTable.markRunning(runId, this.now(), configText, config.configHash);
      this.metricsTable.deleteAfterStep(runId, step);
      this.samplesTable.deleteAfterStep(runId, step);
    })();
  }

  // ---- metrics and samples ----

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
    this.metricsTable.write(rows);
  }

  /** Flushes first, so a reader never sees a sample without the metrics logged before it. */
  logSample(runId: number, step: number, prompt: string, text: string): void {
    this.assertWritable();
    this.flush();
    this.samplesTable.add(runId, step, prompt, text, this.now());
  }

  // ---- artifacts ----

  /** A file the run produced (kind 'checkpoint', ...); recording a path again updates it. Flushes first, like logSample. */
  addArtifact(runId: number, kind: string, path: string, step: number): void {
    this.assertWritable();
    this.flush();
    this.artifactsTable.add(runId, kind, path, step, this.now());
  }

  /** Forgets a file the run deleted (an old checkpoint). */
  removeArtifact(runId: number, path: string): void {
    this.assertWritable();
    this.artifactsTable.remove(runId, path);
  }

  // ---- sweeps ----

  /** Records a new sweep as 'running' and returns its id. */
  createSweep(input: CreateSweepInput): number {
    this.assertWritable();
    return this.sweepsTable.insert(input, this.now());
  }

  /** Records the sweep's new status (and when it changed). */
  setSweepStatus(id: number, status: SweepStatus): void {
    this.assertWritable();
    this.sweepsTable.setStatus(id, status, this.now());
  }

  // ---- the queue executor's cursors ----

  /** How far the coordinator has applied a queue's event stream (a Redis stream entry id). */
  queueCursor(stream: string): string | undefined {
    this.assertOpen();
    return this.queue.cursor(stream);
  }

  setQueueCursor(stream: string, lastId: string): void {
    this.assertWritable();
    this.queue.setCursor(stream, lastId);
  }

  /**
   * The run that holds a queued trial (null before it started), which attempt of it that is and
   * how many of that attempt's events have been applied.
   */
  queueTrial(jobId: string): QueueTrialState | undefined {
    this.assertOpen();
    return this.queue.trial(jobId);
  }

  setQueueTrial(jobId: string, state: QueueTrialState): void {
    this.assertWritable();
    this.queue.setTrial(jobId, state);
  }

  // ---- transactions, cleaning up (folio runs rm, folio gc), closing ----

  /**
   * Runs `fn` and writes everything it recorded (buffered metrics included) in one transaction:
   * all of it lands, or none of it does.
   */
  atomically<T>(fn: () => T): T {
    this.assertWritable();
    this.flush(); // what was buffered before belongs to no transaction of this one
    try {
      return this.connection.db
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

  /**
   * Deletes runs and everything recorded of them (metrics, samples and artifact rows cascade) in
   * one transaction: all of them or, should one be missing, none. Their files are the caller's.
   */
  deleteRuns(ids: readonly number[]): void {
    this.flush();
    this.atomically(() => {
      for (const id of ids) this.runsTable.delete(id);
    });
  }

  /** Rewrites the database without its free pages, folding the write-ahead log in first. */
  vacuum(): void {
    this.flush();
    const { db } = this.connection;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Flushes and closes; later calls do nothing. */
  override close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      super.close();
    }
  }

  /** Writes to a read-only store (or its private snapshot) would be lost: refused, naming the store. */
  private assertWritable(): void {
    this.assertOpen();
    if (this.readOnly) throw asStoreError(Object.assign(new Error('read-only'), { code: 'SQLITE_READONLY' }), this.connection.path);
  }
}
