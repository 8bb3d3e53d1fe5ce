// Whether a recorded run is still training somewhere: nothing deletes or resumes a run under it.
import { hostname } from 'node:os';
import { isProcessAlive } from './process-liveness.js';
import type { RunDetail, RunSummary } from './records.js';

/**
 * A run is live while its heartbeat is fresh, or while its process on this machine still exists
 * (a run that stopped beating but whose process is alive may be stuck, not gone).
 */
export function isLiveRun(run: RunSummary & Pick<RunDetail, 'info'>): boolean {
  if (run.status === 'running') return true;
  if (run.status !== 'crashed') return false;
  const { pid, host } = run.info;
  return typeof pid === 'number' && host === hostname() && isProcessAlive(pid);
}
