// Whether a run's recorded process is gone: on the machine that recorded it, a pid that no longer
// exists says at once what a stale heartbeat says only after a minute. Other hosts keep the heartbeat.
import { hostname } from 'node:os';

/** Whether a process with this id exists here (one owned by another user counts: it exists). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** True when the run recorded its pid on this host and that process is gone; false when it cannot be known here. */
export function recordedProcessGone(pid: unknown, host: unknown): boolean {
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && host === hostname() && !isProcessAlive(pid);
}
