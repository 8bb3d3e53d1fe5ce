// Read-only queries for the dashboard and `folio compare`: a run overview in one statement, metric
// curves downsampled in SQL, and a cheap "did anything change" probe. Never writes the store.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { recordedProcessGone } from './process-liveness.js';
import { guardConnection } from './sqlite-failures.js';
import { RunStore, VAL_LOSS_KEY, TRAIN_LOSS_KEY, type ListedRunStatus, type RunDetail, type SweepSummary, type TrialRow } from './store.js';

export const TOKENS_PER_SECOND_KEY = 'perf/tokens_per_s';

/** One row of the runs table: what a person scans to pick runs. Times are ms since the epoch. */
export interface RunOverview {
  id: number;
  name: string;
  status: ListedRunStatus;
  seed: number;
  backend: string;
  sweepId: number | null;
  sweepName: string | null;
  startedAt: number;
  endedAt: number | null;
  heartbeatAt: number;
  /** The last step train/loss was logged at; null before the first. */
  steps: number | null;
  /** Latest val/loss (NaN once diverged); null when never evaluated. */
  valLoss: number | null;
  /** Lowest val/loss logged, NaNs ignored. */
  bestValLoss: number | null;
  tokensPerSecond: number | null;
}

/**
 * One point of a downsampled curve: the mean of a bucket of consecutive steps, with the bucket's
 * lowest and highest value. `bucket` numbers the buckets over the range asked for, so curves queried
 * over the same range line up bucket by bucket.
 */
export interface CurvePoint {
  bucket: number;
  /** The last step in the bucket. */
  step: number;
  value: number;
  low: number;
  high: number;
}

export interface StepRange {
  first: number;
  last: number;
}

interface OverviewRow {
  id: number;
  name: string;
  status: ListedRunStatus;
  pid: unknown;
  host: unknown;
  seed: number;
  backend: string;
  sweep_id: number | null;
  sweep_name: string | null;
  started_at: number;
  ended_at: number | null;
  heartbeat_at: number;
  steps: number | null;
  val_loss: number | string | null;
  best_val_loss: number | null;
  tokens_per_s: number | string | null;
}

// Every per-run figure is a seek on the (run_id, key, step) primary key, never a scan of a run's rows.
const overviewSql = (where: string) => `
  SELECT r.id, r.name, r.seed, r.backend, r.sweep_id, s.name AS sweep_name, r.started_at, r.ended_at, r.heartbeat_at,
         json_extract(r.info, '$.pid') AS pid, json_extract(r.info, '$.host') AS host,
         CASE WHEN r.status = 'running' AND r.heartbeat_at < :staleBefore THEN 'crashed' ELSE r.status END AS status,
         (SELECT max(step) FROM metrics WHERE run_id = r.id AND key = :trainKey) AS steps,
         (SELECT coalesce(value, 'nan') FROM metrics WHERE run_id = r.id AND key = :valKey ORDER BY step DESC LIMIT 1) AS val_loss,
         (SELECT min(value) FROM metrics WHERE run_id = r.id AND key = :valKey) AS best_val_loss,
         (SELECT coalesce(value, 'nan') FROM metrics WHERE run_id = r.id AND key = :speedKey ORDER BY step DESC LIMIT 1) AS tokens_per_s
  FROM runs r LEFT JOIN sweeps s ON s.id = r.sweep_id
  ${where}
  ORDER BY r.id DESC`;

// Buckets 0..buckets-1 of equal step ranges (the cast floors: JavaScript numbers bind as REAL).
const CURVE = `
  SELECT CAST((step - :first) * :buckets / :span AS INTEGER) AS bucket, max(step) AS step,
         avg(value) AS value, min(value) AS low, max(value) AS high
  FROM metrics WHERE run_id = :runId AND key = :key AND step BETWEEN :first AND :last
  GROUP BY bucket ORDER BY bucket`;

/**
 * A second, read-only connection beside a RunStore: the RunStore (opened first, which refuses a
 * foreign store or one from a newer Folio, and upgrades an older one as any folio command does)
 * answers what it already knows (a run's detail, sweeps); this connection answers the rest.
 */
export class StoreReader {
  private readonly overview: Database.Statement;
  private readonly overviewOfIds: Database.Statement;
  private readonly curve: Database.Statement;
  private readonly range: Database.Statement;
  private readonly latest: Database.Statement;
  private readonly staleAfterMs: number;

  /** Undefined when there is no store at `path` yet: reading never creates one. */
  static open(path: string, options: { staleAfterMs?: number; now?: () => number } = {}): StoreReader | undefined {
    if (!existsSync(path)) return undefined;
    const store = RunStore.open(path, options);
    try {
      // The store's own file, or the private snapshot it reads where the store cannot be shared in place.
      const file = store.databaseFile;
      const reader = new StoreReader(store, guardConnection(new Database(file, { readonly: true, fileMustExist: true }), path), options);
      // The first thing a view shows, read once here: a damaged store is refused before a screen
      // is drawn, as a message, rather than failing inside the dashboard's first frame.
      try {
        reader.runs();
      } catch (error) {
        reader.close();
        throw error;
      }
      return reader;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  private constructor(
    private readonly store: RunStore,
    private readonly db: Database.Database,
    private readonly options: { staleAfterMs?: number; now?: () => number },
  ) {
    db.pragma('busy_timeout = 2000');
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.overview = db.prepare(overviewSql(''));
    this.overviewOfIds = db.prepare(overviewSql('WHERE r.id IN (SELECT value FROM json_each(:ids))'));
    this.curve = db.prepare(CURVE);
    this.range = db.prepare('SELECT min(step) AS first, max(step) AS last FROM metrics WHERE run_id = ? AND key = ?');
    this.latest = db.prepare("SELECT coalesce(value, 'nan') FROM metrics WHERE run_id = ? AND key = ? ORDER BY step DESC LIMIT 1").pluck();
  }

  /** Changes whenever another connection commits: polling it costs one pragma. */
  changeToken(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Every run, newest first. */
  runs(): RunOverview[] {
    return (this.overview.all(this.overviewParameters()) as OverviewRow[]).map(overviewOf);
  }

  /** The runs with these ids (those that exist), newest first. */
  runsWithIds(ids: readonly number[]): RunOverview[] {
    const rows = this.overviewOfIds.all({ ...this.overviewParameters(), ids: JSON.stringify(ids) }) as OverviewRow[];
    return rows.map(overviewOf);
  }

  private overviewParameters() {
    const now = (this.options.now ?? Date.now)();
    return { staleBefore: now - this.staleAfterMs, trainKey: TRAIN_LOSS_KEY, valKey: VAL_LOSS_KEY, speedKey: TOKENS_PER_SECOND_KEY };
  }

  run(id: number): RunDetail | undefined {
    return this.store.getRun(id);
  }

  /** The first and last step `key` was logged at; undefined when never. */
  stepRange(runId: number, key: string): StepRange | undefined {
    const row = this.range.get(runId, key) as { first: number | null; last: number | null };
    return row.first === null || row.last === null ? undefined : { first: row.first, last: row.last };
  }

  /**
   * `key` of one run in at most `buckets` points over `range` (the run's own range by default),
   * averaged in SQL: a curve costs `buckets` rows whatever the run's length. NaN where a bucket held only NaN.
   */
  curveOf(runId: number, key: string, buckets: number, range = this.stepRange(runId, key)): CurvePoint[] {
    if (range === undefined) return [];
    const count = Math.max(1, Math.floor(buckets));
    const rows = this.curve.all({ runId, key, buckets: count, first: range.first, last: range.last, span: range.last - range.first + 1 }) as {
      bucket: number;
      step: number;
      value: number | null;
      low: number | null;
      high: number | null;
    }[];
    return rows.map((row) => ({ bucket: row.bucket, step: row.step, value: row.value ?? NaN, low: row.low ?? NaN, high: row.high ?? NaN }));
  }

  sweeps(): SweepSummary[] {
    return this.store.listSweeps();
  }

  getSweep(id: number): SweepSummary | undefined {
    return this.store.getSweep(id);
  }

  sweepTrials(sweepId: number): TrialRow[] {
    return this.store.sweepTrials(sweepId);
  }

  /** The last value of `key` a run logged (NaN where NaN was logged). */
  lastValue(runId: number, key: string): number | undefined {
    const value = this.latest.get(runId, key) as number | string | undefined;
    return value === undefined ? undefined : (numberOrNaN(value) ?? undefined);
  }

  close(): void {
    this.db.close();
    this.store.close();
  }
}

/** From the earliest first step to the latest last step, so curves sampled over it line up. */
export function unionRange(ranges: readonly (StepRange | undefined)[]): StepRange | undefined {
  const known = ranges.filter((range): range is StepRange => range !== undefined);
  if (known.length === 0) return undefined;
  return { first: Math.min(...known.map((r) => r.first)), last: Math.max(...known.map((r) => r.last)) };
}

function overviewOf(row: OverviewRow): RunOverview {
  return {
    id: row.id,
    name: row.name,
    status: row.status === 'running' && recordedProcessGone(row.pid, row.host) ? 'crashed' : row.status,
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

/** The overview spells a stored NaN (NULL) as 'nan', so that it stays apart from "never logged". */
function numberOrNaN(value: number | string | null): number | null {
  if (value === null) return null;
  return typeof value === 'number' ? value : NaN;
}
