// A sweep's name in Redis, shared by its coordinator's runs on one machine.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Names a sweep's keys in Redis: the same store and sweep on the same machine give the same key,
 * so a coordinator started again finds the events that waited for it.
 */
export function sweepKeyOf(storePath: string, sweepId: number): string {
  let path = storePath;
  try {
    path = realpathSync(storePath);
  } catch {
    // not created yet: the path as given
  }
  return createHash('sha256').update(`${hostname()}\u0000${path}\u0000${sweepId}`).digest('hex').slice(0, 16);
}
