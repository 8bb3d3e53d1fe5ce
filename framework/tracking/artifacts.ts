// The `artifacts` table: files a run produced (checkpoints, exports), by path on disk.
import type Database from 'better-sqlite3';
import type { RunArtifact } from './records.js';

export class ArtifactsTable {
  private readonly upsertRow: Database.Statement;
  private readonly deleteRow: Database.Statement;
  private readonly selectOfRun: Database.Statement;
  private readonly selectPaths: Database.Statement;

  constructor(db: Database.Database) {
    this.upsertRow = db.prepare(
      `INSERT INTO artifacts (run_id, kind, path, step, time) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, step = excluded.step, time = excluded.time`,
    );
    this.deleteRow = db.prepare('DELETE FROM artifacts WHERE run_id = ? AND path = ?');
    this.selectOfRun = db.prepare('SELECT kind, path, step, time FROM artifacts WHERE run_id = ? ORDER BY id');
    this.selectPaths = db.prepare('SELECT run_id AS runId, path FROM artifacts');
  }

  /** Recording a path again updates it. */
  add(runId: number, kind: string, path: string, step: number, time: number): void {
    this.upsertRow.run(runId, kind, path, step, time);
  }

  remove(runId: number, path: string): void {
    this.deleteRow.run(runId, path);
  }

  /** In the order they were added. */
  ofRun(runId: number): RunArtifact[] {
    return this.selectOfRun.all(runId) as RunArtifact[];
  }

  /** Every file path an artifact row refers to, with its run. */
  paths(): { runId: number; path: string }[] {
    return this.selectPaths.all() as { runId: number; path: string }[];
  }
}
