// The `runs` table: one row per run (its config, status, heartbeat and info), and the two ways runs
// are listed: rows for summaries, and the runs table's overview (each figure a seek on the metrics key).
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import type { FinishedRunStatus, RunStatus } from './records.js';

/** A run's row as the summaries read it. */
export interface RunRow {
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

export interface RunDetailRow extends RunRow {
  config: string;
  info: string | null;
  error: string | null;
}

export interface TrialRunRow extends RunRow {
  trial_key: string | null;
  config: string;
}

/** One run as the overview query gives it: NaN values spelled 'nan' so they stay apart from "never logged". */
export interface OverviewRow {
  id: number;
  name: string;
  status: RunStatus;
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

/** Which metric keys the overview shows. */
export interface OverviewParameters {
  trainKey: string;
  valKey: string;
  speedKey: string;
}

export interface NewRunRow {
  name: string;
  config: string;
  configHash: string;
  seed: number;
  backend: string;
  sweepId: number | null;
  trialKey: string | null;
  now: number;
}

const SUMMARY_COLUMNS =
  "id, name, status, backend, seed, config_hash, sweep_id, started_at, ended_at, heartbeat_at, json_extract(info, '$.pid') AS pid, json_extract(info, '$.host') AS host";

// Every per-run figure is a seek on the (run_id, key, step) primary key, never a scan of a run's rows.
const overviewSql = (where: string) => `
  SELECT r.id, r.name, r.seed, r.backend, r.sweep_id, s.name AS sweep_name, r.started_at, r.ended_at, r.heartbeat_at,
         json_extract(r.info, '$.pid') AS pid, json_extract(r.info, '$.host') AS host,
         r.status,
         (SELECT max(step) FROM metrics WHERE run_id = r.id AND key = :trainKey) AS steps,
         (SELECT coalesce(value, 'nan') FROM metrics WHERE run_id = r.id AND key = :valKey ORDER BY step DESC LIMIT 1) AS val_loss,
         (SELECT min(value) FROM metrics WHERE run_id = r.id AND key = :valKey) AS best_val_loss,
         (SELECT coalesce(value, 'nan') FROM metrics WHERE run_id = r.id AND key = :speedKey ORDER BY step DESC LIMIT 1) AS tokens_per_s
  FROM runs r LEFT JOIN sweeps s ON s.id = r.sweep_id
  ${where}
  ORDER BY r.id DESC`;

export class RunsTable {
  private readonly insertRow: Database.Statement;
  private readonly updateBackend: Database.Statement;
  private readonly selectInfo: Database.Statement;
  private readonly updateInfo: Database.Statement;
  private readonly updateHeartbeat: Database.Statement;
  private readonly updateFinished: Database.Statement;
  private readonly updateRunning: Database.Statement;
  private readonly deleteRow: Database.Statement;
  private readonly selectRows: Database.Statement;
  private readonly selectCount: Database.Statement;
  private readonly selectDetail: Database.Statement;
  private readonly selectTrials: Database.Statement;
  private readonly selectIds: Database.Statement;
  private readonly selectOverview: Database.Statement;
  private readonly selectOverviewOfIds: Database.Statement;

  constructor(db: Database.Database) {
    this.insertRow = db.prepare(
      `INSERT INTO runs (name, status, config, config_hash, seed, backend, sweep_id, trial_key, started_at, heartbeat_at)
       VALUES (:name, 'running', :config, :configHash, :seed, :backend, :sweepId, :trialKey, :now, :now)`,
    );
    this.updateBackend = db.prepare('UPDATE runs SET backend = ? WHERE id = ?');
    this.selectInfo = db.prepare('SELECT info FROM runs WHERE id = ?').pluck();
    this.updateInfo = db.prepare('UPDATE runs SET info = ? WHERE id = ?');
    this.updateHeartbeat = db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?');
    this.updateFinished = db.prepare('UPDATE runs SET status = ?, error = ?, ended_at = ?, heartbeat_at = ? WHERE id = ?');
    this.updateRunning = db.prepare(
      "UPDATE runs SET status = 'running', error = NULL, ended_at = NULL, heartbeat_at = ?, config = ?, config_hash = ? WHERE id = ?",
    );
    this.deleteRow = db.prepare('DELETE FROM runs WHERE id = ?'); // metrics, samples and artifacts cascade
    this.selectRows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?`);
    this.selectCount = db.prepare('SELECT count(*) FROM runs').pluck();
    this.selectDetail = db.prepare(`SELECT ${SUMMARY_COLUMNS}, config, info, error FROM runs WHERE id = ?`);
    this.selectTrials = db.prepare(`SELECT ${SUMMARY_COLUMNS}, trial_key, config FROM runs WHERE sweep_id = ? ORDER BY id`);
    this.selectIds = db.prepare('SELECT id FROM runs').pluck();
    this.selectOverview = db.prepare(overviewSql(''));
    this.selectOverviewOfIds = db.prepare(overviewSql('WHERE r.id IN (SELECT value FROM json_each(:ids))'));
  }

  // ---- writing ----

  insert(row: NewRunRow): number {
    return Number(this.insertRow.run(row).lastInsertRowid);
  }

  setBackend(runId: number, backend: string): void {
    expectRun(this.updateBackend.run(backend, runId), runId);
  }

  /** The run's info as stored (JSON text or null); undefined when there is no such run. */
  info(runId: number): string | null | undefined {
    return this.selectInfo.get(runId) as string | null | undefined;
  }

  setInfo(runId: number, info: string): void {
    expectRun(this.updateInfo.run(info, runId), runId);
  }

  heartbeat(runId: number, now: number): void {
    expectRun(this.updateHeartbeat.run(now, runId), runId);
  }

  finish(runId: number, status: FinishedRunStatus, error: string | null, now: number): void {
    expectRun(this.updateFinished.run(status, error, now, now, runId), runId);
  }

  /** 'running' again, under `config`. */
  markRunning(runId: number, now: number, config: string, configHash: string): void {
    expectRun(this.updateRunning.run(now, config, configHash, runId), runId);
  }

  delete(runId: number): void {
    expectRun(this.deleteRow.run(runId), runId);
  }

  // ---- reading ----

  /** Newest first; every run when `limit` is -1. */
  rows(limit: number): RunRow[] {
    return this.selectRows.all(limit) as RunRow[];
  }

  count(): number {
    return this.selectCount.get() as number;
  }

  detailRow(runId: number): RunDetailRow | undefined {
    return this.selectDetail.get(runId) as RunDetailRow | undefined;
  }

  /** The runs of a sweep, oldest first. */
  trialRows(sweepId: number): TrialRunRow[] {
    return this.selectTrials.all(sweepId) as TrialRunRow[];
  }

  ids(): Set<number> {
    return new Set(this.selectIds.all() as number[]);
  }

  /** Newest first: every run, or those with `ids`. */
  overviewRows(parameters: OverviewParameters, ids?: readonly number[]): OverviewRow[] {
    if (ids === undefined) return this.selectOverview.all(parameters) as OverviewRow[];
    return this.selectOverviewOfIds.all({ ...parameters, ids: JSON.stringify(ids) }) as OverviewRow[];
  }
}

function expectRun(result: Database.RunResult, runId: number): void {
  if (result.changes === 0) throw new StoreError(`no run ${runId} in the store`);
}
