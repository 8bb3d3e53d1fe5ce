// The `sweeps` table: a sweep's spec, identity (spec hash) and own status. How its trials stand is
// counted from them, in one place: framework/sweep/analysis.ts.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import type { CreateSweepInput, SweepStatus, SweepSummary } from './records.js';

interface SweepRow {
  id: number;
  name: string;
  spec: string;
  spec_hash: string;
  status: SweepStatus;
  created_at: number;
  updated_at: number;
}

const SWEEP_SELECT = 'SELECT s.id, s.name, s.spec, s.spec_hash, s.status, s.created_at, s.updated_at FROM sweeps s';

export class SweepsTable {
  private readonly insertRow: Database.Statement;
  private readonly updateStatus: Database.Statement;
  private readonly updateTouched: Database.Statement;
  private readonly selectById: Database.Statement;
  private readonly selectByHash: Database.Statement;
  private readonly selectAll: Database.Statement;

  constructor(db: Database.Database) {
    this.insertRow = db.prepare(
      `INSERT INTO sweeps (name, spec, spec_hash, status, created_at, updated_at)
       VALUES (:name, :spec, :specHash, 'running', :now, :now)`,
    );
    this.updateStatus = db.prepare('UPDATE sweeps SET status = ?, updated_at = ? WHERE id = ?');
    this.updateTouched = db.prepare('UPDATE sweeps SET updated_at = ? WHERE id = ?');
    this.selectById = db.prepare(`${SWEEP_SELECT} WHERE s.id = :id`);
    this.selectByHash = db.prepare(`${SWEEP_SELECT} WHERE s.id = (SELECT max(id) FROM sweeps WHERE spec_hash = :specHash)`);
    this.selectAll = db.prepare(`${SWEEP_SELECT} ORDER BY s.id DESC`);
  }

  // ---- writing ----

  insert(input: CreateSweepInput, now: number): number {
    const spec = JSON.stringify(input.spec) ?? 'null';
    return Number(this.insertRow.run({ name: input.name, spec, specHash: input.specHash, now }).lastInsertRowid);
  }

  setStatus(id: number, status: SweepStatus, now: number): void {
    expectSweep(this.updateStatus.run(status, now, id), id);
  }

  /** Marks the sweep updated (a trial of it started). */
  touch(id: number, now: number): void {
    expectSweep(this.updateTouched.run(now, id), id);
  }

  // ---- reading ----

  byId(id: number): SweepSummary | undefined {
    const row = this.selectById.get({ id }) as SweepRow | undefined;
    return row === undefined ? undefined : sweepSummary(row);
  }

  /** The newest sweep recorded with this spec hash. */
  byHash(specHash: string): SweepSummary | undefined {
    const row = this.selectByHash.get({ specHash }) as SweepRow | undefined;
    return row === undefined ? undefined : sweepSummary(row);
  }

  /** Newest first. */
  all(): SweepSummary[] {
    return (this.selectAll.all() as SweepRow[]).map(sweepSummary);
  }
}

function expectSweep(result: Database.RunResult, id: number): void {
  if (result.changes === 0) throw new StoreError(`no sweep ${id} in the store`);
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
