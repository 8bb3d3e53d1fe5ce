// The one way to read a store: the CLI's read commands, the dashboard and reports all read through
// StoreReader (and a RunStore, which writes, is one too). Opened on its own, it reads the file
// read-only: it never creates, upgrades or writes it, and a run writing it meanwhile (WAL) is not blocked.
import { existsSync } from 'node:fs';
import { ArtifactsTable } from './artifacts.js';
import { openForReading, type StoreConnection } from './connection.js';
import { StoreError } from './errors.js';
import { MetricsTable } from './metrics.js';
import { recordedProcessGone } from './process-liveness.js';
import {
  TOKENS_PER_SECOND_KEY,
  TRAIN_LOSS_KEY,
  VAL_LOSS_KEY,
  type CurvePoint,
  type ListedRunStatus,
  type MetricPoint,
  type RunDetail,
  type RunOverview,
  type RunSummary,
  type StepRange,
  type SweepSummary,
  type TrialRow,
} from './records.js';
import { RunsTable, type OverviewRow, type RunRow } from './runs.js';
import { SamplesTable } from './samples.js';
import { SweepsTable } from './sweeps.js';

export { TOKENS_PER_SECOND_KEY } from './records.js';
export type { CurvePoint, RunOverview, StepRange } from './records.js';

const OVERVIEW_KEYS = { trainKey: TRAIN_LOSS_KEY, valKey: VAL_LOSS_KEY, speedKey: TOKENS_PER_SECOND_KEY };

export interface StoreReaderOptions {
  /**
   * A 'running' run whose last heartbeat is older than this reads 'crashed'. Default 60 s. One
   * whose recorded process is gone from this host reads 'crashed' at once. Computed when read:
   * reading never writes the status.
   */
  staleAfterMs?: number;
  /** Milliseconds since the epoch; tests pass their own. */
  now?: () => number;
}

export class StoreReader {
  protected readonly now: () => number;
  private readonly staleAfterMs: number;
  protected readonly runsTable: RunsTable;
  protected readonly metricsTable: MetricsTable;
  protected readonly samplesTable: SamplesTable;
  protected readonly artifactsTable: ArtifactsTable;
  protected readonly sweepsTable: SweepsTable;
  protected closed = false;

  /**
   * The store at `path`, read-only; undefined when there is none yet (reading never creates one).
   * Throws StoreError for a file that is not a Folio store, is damaged, or comes from a newer Folio.
   */
  static open(path: string, options: StoreReaderOptions = {}): StoreReader | undefined {
    if (!existsSync(path)) return undefined;
    const reader = new StoreReader(openForReading(path), options);
    // The first thing a view shows, read once here: a damaged store is refused before a screen
    // is drawn, as a message, rather than failing inside the dashboard's first frame.
    try {
      reader.runs();
    } catch (error) {
      reader.close();
      throw error;
    }
    return reader;
  }

  /** The store at `path`, read-only; `whenMissing()` is thrown where there is none yet. */
  static openExisting(path: string, whenMissing: () => Error, options: StoreReaderOptions = {}): StoreReader {
    const reader = StoreReader.open(path, options);
    if (reader === undefined) throw whenMissing();
    return reader;
  }

  protected constructor(
    protected readonly connection: StoreConnection,
    options: StoreReaderOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    const { db } = connection;
    this.runsTable = new RunsTable(db);
    this.metricsTable = new MetricsTable(db);
    this.samplesTable = new SamplesTable(db);
    this.artifactsTable = new ArtifactsTable(db);
    this.sweepsTable = new SweepsTable(db);
  }

  /** Whether this store was opened for reading only. */
  get readOnly(): boolean {
    return this.connection.readOnly;
  }

  /** The database file read (a private snapshot where SQLite could not share the store in place). */
  get databaseFile(): string {
    return this.connection.file;
  }

  /** Changes whenever another connection commits: polling it costs one pragma. */
  changeToken(): number {
    return this.connection.db.pragma('data_version', { simple: true }) as number;
  }

  // ---- runs ----

  /** Newest first. */
  listRuns(options: { limit?: number } = {}): RunSummary[] {
    const { limit } = options;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    }
    return this.runsTable.rows(limit ?? -1).map((row) => this.summarize(row));
  }

  countRuns(): number {
    return this.runsTable.count();
  }

  getRun(id: number): RunDetail | undefined {
    const row = this.runsTable.detailRow(id);
    if (row === undefined) return undefined;
    const metrics: Record<string, MetricPoint> = {};
    for (const key of this.metricsTable.keys(id)) {
      const latest = this.metricsTable.latest(id, key);
      if (latest !== undefined) metrics[key] = latest;
    }
    return {
      ...this.summarize(row),
      config: JSON.parse(row.config) as unknown,
      info: row.info === null ? {} : (JSON.parse(row.info) as Record<string, unknown>),
      error: row.error,
      metrics,
      samples: this.samplesTable.ofRun(id),
      artifacts: this.artifactsTable.ofRun(id),
    };
  }

  /** The runs table's rows (what a person scans to pick runs), newest first. */
  runs(): RunOverview[] {
    return this.runsTable.overviewRows(OVERVIEW_KEYS).map((row) => this.overviewOf(row));
  }

  /** The runs with these ids (those that exist), newest first. */
  runsWithIds(ids: readonly number[]): RunOverview[] {
    return this.runsTable.overviewRows(OVERVIEW_KEYS, ids).map((row) => this.overviewOf(row));
  }

  /** The ids of every recorded run. */
  runIds(): Set<number> {
    this.assertOpen();
    return this.runsTable.ids();
  }

  // ---- metrics ----

  /** Every value of `key`, by step. NaN where NaN was logged. */
  metricSeries(runId: number, key: string): MetricPoint[] {
    return this.metricsTable.series(runId, key);
  }

  /** The last value of `key` a run logged (NaN where NaN was logged); undefined when never. */
  lastValue(runId: number, key: string): number | undefined {
    return this.metricsTable.latest(runId, key)?.value;
  }

  /** The metric keys a run has values for, sorted. */
  metricKeys(runId: number): string[] {
    return this.metricsTable.keys(runId);
  }

  /** The first and last step `key` was logged at; undefined when never. */
  stepRange(runId: number, key: string): StepRange | undefined {
    return this.metricsTable.range(runId, key);
  }

  /**
   * `key` of one run in at most `buckets` points over `range` (the run's own range by default),
   * averaged in SQL: a curve costs `buckets` rows whatever the run's length. NaN where a bucket held only NaN.
   */
  curveOf(runId: number, key: string, buckets: number, range = this.stepRange(runId, key)): CurvePoint[] {
    if (range === undefined) return [];
    return this.metricsTable.curve(runId, key, Math.max(1, Math.floor(buckets)), range);
  }

  // ---- artifacts ----

  /** Every file path an artifact row refers to, with its run. */
  artifactPaths(): { runId: number; path: string }[] {
    this.assertOpen();
    return this.artifactsTable.paths();
  }

  // ---- sweeps ----

  getSweep(id: number): SweepSummary | undefined {
    return this.sweepsTable.byId(id);
  }

  /** The newest sweep recorded with this spec hash: the one a resume continues. */
  findSweep(specHash: string): SweepSummary | undefined {
    return this.sweepsTable.byHash(specHash);
  }

  /** Every sweep, newest first. */
  listSweeps(): SweepSummary[] {
    return this.sweepsTable.all();
  }

  /** Every run of the sweep, oldest first; a stale 'running' one reads 'crashed', as in listRuns. */
  sweepTrials(sweepId: number): TrialRow[] {
    return this.runsTable
      .trialRows(sweepId)
      .map((row) => ({ ...this.summarize(row), trialKey: row.trial_key, config: JSON.parse(row.config) as unknown }));
  }

  // ---- the file ----

  /** SQLite's own check of the file: 'ok', or what is wrong. */
  integrityCheck(): string[] {
    this.assertOpen();
    return (this.connection.db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
  }

  /** Closes; later calls do nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.close();
  }

  protected assertOpen(): void {
    if (this.closed) throw new StoreError('the run store is closed');
  }

  /** A 'running' run whose heartbeat went stale, or whose process is gone from this host, reads 'crashed' (never written). */
  private listedStatus(row: Pick<RunRow, 'status' | 'heartbeat_at' | 'pid' | 'host'>): ListedRunStatus {
    const stale = row.status === 'running' && (this.now() - row.heartbeat_at > this.staleAfterMs || recordedProcessGone(row.pid, row.host));
    return stale ? 'crashed' : row.status;
  }

  private overviewOf(row: OverviewRow): RunOverview {
    return {
      id: row.id,
      name: row.name,
      status: this.listedStatus(row),
      seed: row.seed,
      backend: row.backend,
      sweepId: row.sweep_id,
      sweepName: row.sweep_name,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      heartbeatAt: row.heartbeat_at,
      steps: row.steps,
      valLoss: numberOrNaN(row.val_loss),
      bestValLoss: row.best_val_loss,
      tokensPerSecond: numberOrNaN(row.tokens_per_s),
    };
  }

  private summarize(row: RunRow): RunSummary {
    return {
      id: row.id,
      name: row.name,
      status: this.listedStatus(row),
      backend: row.backend,
      seed: row.seed,
      configHash: row.config_hash,
      sweepId: row.sweep_id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      heartbeatAt: row.heartbeat_at,
      lastStep: this.metricsTable.lastStep(row.id),
      trainLoss: this.metricsTable.latest(row.id, TRAIN_LOSS_KEY)?.value ?? null,
      valLoss: this.metricsTable.latest(row.id, VAL_LOSS_KEY)?.value ?? null,
      bestValLoss: this.metricsTable.lowest(row.id, VAL_LOSS_KEY),
    };
  }
}

/**
 * How a store that does not exist yet reads to a command that looks a run up (`folio sample`,
 * `folio export`): it has none, and the command says so as it would of a missing run, creating nothing.
 */
export const NO_RUNS: Pick<StoreReader, 'getRun' | 'listRuns'> = { getRun: () => undefined, listRuns: () => [] };

/** From the earliest first step to the latest last step, so curves sampled over it line up. */
export function unionRange(ranges: readonly (StepRange | undefined)[]): StepRange | undefined {
  const known = ranges.filter((range): range is StepRange => range !== undefined);
  if (known.length === 0) return undefined;
  return { first: Math.min(...known.map((r) => r.first)), last: Math.max(...known.map((r) => r.last)) };
}


/** The overview spells a stored NaN (NULL) as 'nan', so that it stays apart from "never logged". */
function numberOrNaN(value: number | string | null): number | null {
  if (value === null) return null;
  return typeof value === 'number' ? value : NaN;
}
