// The `samples` table: text a run generated at a step, from a prompt.
import type Database from 'better-sqlite3';
import type { RunSample } from './records.js';

export class SamplesTable {
  private readonly insertRow: Database.Statement;
  private readonly deleteAfter: Database.Statement;
  private readonly selectOfRun: Database.Statement;

  constructor(db: Database.Database) {
    this.insertRow = db.prepare('INSERT INTO samples (run_id, step, prompt, text, time) VALUES (?, ?, ?, ?, ?)');
    this.deleteAfter = db.prepare('DELETE FROM samples WHERE run_id = ? AND step > ?');
    this.selectOfRun = db.prepare('SELECT step, prompt, text, time FROM samples WHERE run_id = ? ORDER BY step, id');
  }

  add(runId: number, step: number, prompt: string, text: string, time: number): void {
    this.insertRow.run(runId, step, prompt, text, time);
  }

  /** Forgets what the run generated after `step`. */
  deleteAfterStep(runId: number, step: number): void {
    this.deleteAfter.run(runId, step);
  }

  /** Oldest first. */
  ofRun(runId: number): RunSample[] {
    return this.selectOfRun.all(runId) as RunSample[];
  }
}
