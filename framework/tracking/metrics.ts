// The `metrics` table: one value per (run, key, step), keyed in that order, so a series, a latest
// value or a run's keys are seeks on the primary key. Curves are downsampled here, in SQL.
import type Database from 'better-sqlite3';
import type { CurvePoint, MetricPoint, StepRange } from './records.js';

export interface MetricRow {
  runId: number;
  step: number;
  key: string;
  value: number;
  time: number;
}

// The distinct keys of one run, found by seeking the (run_id, key, step) primary key once per key
// rather than scanning every row of the run.
const RUN_KEYS_CTE = `
  WITH RECURSIVE keys(key) AS (
    SELECT (SELECT min(key) FROM metrics WHERE run_id = :runId)
    UNION ALL
    SELECT (SELECT min(key) FROM metrics WHERE run_id = :runId AND key > keys.key) FROM keys WHERE keys.key IS NOT NULL
  )`;

// Buckets 0..buckets-1 of equal step ranges (the cast floors: JavaScript numbers bind as REAL).
const CURVE = `
  SELECT CAST((step - :first) * :buckets / :span AS INTEGER) AS bucket, max(step) AS step,
         avg(value) AS value, min(value) AS low, max(value) AS high
  FROM metrics WHERE run_id = :runId AND key = :key AND step BETWEEN :first AND :last
  GROUP BY bucket ORDER BY bucket`;

/** SQLite has no NaN: a NaN is stored as NULL and read back as NaN; ±Infinity is stored as itself. */
export class MetricsTable {
  private readonly writeRows: (rows: readonly MetricRow[]) => void;
  private readonly deleteAfter: Database.Statement;
  private readonly selectKeys: Database.Statement;
  private readonly selectLastStep: Database.Statement;
  private readonly selectLatest: Database.Statement;
  private readonly selectBest: Database.Statement;
  private readonly selectSeries: Database.Statement;
  private readonly selectRange: Database.Statement;
  private readonly selectCurve: Database.Statement;

  constructor(db: Database.Database) {
    const upsert = db.prepare(
      `INSERT INTO metrics (run_id, step, key, value, time) VALUES (:runId, :step, :key, :value, :time)
       ON CONFLICT (run_id, key, step) DO UPDATE SET value = excluded.value, time = excluded.time`,
    );
    this.writeRows = db.transaction((rows: readonly MetricRow[]) => {
      for (const row of rows) upsert.run(row);
    });
    this.deleteAfter = db.prepare('DELETE FROM metrics WHERE run_id = ? AND step > ?');
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
    this.selectRange = db.prepare('SELECT min(step) AS first, max(step) AS last FROM metrics WHERE run_id = ? AND key = ?');
    this.selectCurve = db.prepare(CURVE);
  }

  // ---- writing ----

  /** Writes `rows` in one transaction (a value logged again at the same step replaces the old one). */
  write(rows: readonly MetricRow[]): void {
    this.writeRows(rows);
  }

  /** Forgets what the run logged after `step`. */
  deleteAfterStep(runId: number, step: number): void {
    this.deleteAfter.run(runId, step);
  }

  // ---- reading ----

  /** The metric keys a run has values for, sorted. */
  keys(runId: number): string[] {
    return this.selectKeys.all({ runId }) as string[];
  }

  /** The highest step any metric was logged at; null before the first. */
  lastStep(runId: number): number | null {
    return (this.selectLastStep.get({ runId }) as number | null) ?? null;
  }

  /** The last value of `key` (NaN where NaN was logged); undefined when never logged. */
  latest(runId: number, key: string): MetricPoint | undefined {
    const row = this.selectLatest.get(runId, key) as { step: number; value: number | null } | undefined;
    return row === undefined ? undefined : { step: row.step, value: row.value ?? NaN };
  }

  /** The lowest value of `key`, NaNs ignored; null when there is none. */
  lowest(runId: number, key: string): number | null {
    return (this.selectBest.get(runId, key) as number | null) ?? null;
  }

  series(runId: number, key: string): MetricPoint[] {
    const rows = this.selectSeries.all(runId, key) as { step: number; value: number | null }[];
    return rows.map((row) => ({ step: row.step, value: row.value ?? NaN }));
  }

  range(runId: number, key: string): StepRange | undefined {
    const row = this.selectRange.get(runId, key) as { first: number | null; last: number | null };
    return row.first === null || row.last === null ? undefined : { first: row.first, last: row.last };
  }

  /** At most `buckets` points over `range`: a curve costs `buckets` rows whatever the run's length. */
  curve(runId: number, key: string, buckets: number, range: StepRange): CurvePoint[] {
    const rows = this.selectCurve.all({ runId, key, buckets, first: range.first, last: range.last, span: range.last - range.first + 1 }) as {
      bucket: number;
      step: number;
      value: number | null;
      low: number | null;
      high: number | null;
    }[];
    return rows.map((row) => ({ bucket: row.bucket, step: row.step, value: row.value ?? NaN, low: row.low ?? NaN, high: row.high ?? NaN }));
  }
}
