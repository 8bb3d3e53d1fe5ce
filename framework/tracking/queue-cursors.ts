// The queue executor's bookkeeping (`queue_cursors`, `queue_trials`): how far the coordinator has
// applied each event stream and each queued trial, so that a restarted coordinator applies nothing twice.
import type Database from 'better-sqlite3';
import type { QueueTrialState } from './records.js';

export class QueueCursors {
  private readonly selectCursor: Database.Statement;
  private readonly upsertCursor: Database.Statement;
  private readonly selectTrial: Database.Statement;
  private readonly upsertTrial: Database.Statement;

  constructor(db: Database.Database) {
    this.selectCursor = db.prepare('SELECT last_id FROM queue_cursors WHERE stream = ?').pluck();
    this.upsertCursor = db.prepare(
      'INSERT INTO queue_cursors (stream, last_id) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET last_id = excluded.last_id',
    );
    this.selectTrial = db.prepare('SELECT run_id, attempt, last_seq FROM queue_trials WHERE job_id = ?');
    this.upsertTrial = db.prepare(
      `INSERT INTO queue_trials (job_id, run_id, attempt, last_seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (job_id) DO UPDATE SET run_id = excluded.run_id, attempt = excluded.attempt, last_seq = excluded.last_seq`,
    );
  }

  /** The last entry id applied from a stream (a Redis stream entry id). */
  cursor(stream: string): string | undefined {
    return this.selectCursor.get(stream) as string | undefined;
  }

  setCursor(stream: string, lastId: string): void {
    this.upsertCursor.run(stream, lastId);
  }

  trial(jobId: string): QueueTrialState | undefined {
    const row = this.selectTrial.get(jobId) as { run_id: number | null; attempt: number; last_seq: number } | undefined;
    return row === undefined ? undefined : { runId: row.run_id, attempt: row.attempt, lastSeq: row.last_seq };
  }

  setTrial(jobId: string, state: QueueTrialState): void {
    this.upsertTrial.run(jobId, state.runId, state.attempt, state.lastSeq);
  }
}
