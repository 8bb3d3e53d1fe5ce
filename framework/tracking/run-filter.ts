// Which runs a filter picks (`folio runs list --status failed --since 2d`, `folio runs rm --sweep 3`):
// pure functions of the runs' summaries, so the list, rm and the dashboard agree on what matches.
import type { ListedRunStatus, RunSummary } from './records.js';

export const LISTED_STATUSES: readonly ListedRunStatus[] = ['running', 'completed', 'failed', 'interrupted', 'diverged', 'pruned', 'crashed'];

export interface RunFilter {
  statuses?: readonly ListedRunStatus[];
  sweepId?: number;
  /** Part of the name, any case. */
  name?: string;
  /** Runs started at or after this time (ms since the epoch). */
  startedSince?: number;
}

export function matchesFilter(run: RunSummary, filter: RunFilter): boolean {
  if (filter.statuses !== undefined && !filter.statuses.includes(run.status)) return false;
  if (filter.sweepId !== undefined && run.sweepId !== filter.sweepId) return false;
  if (filter.name !== undefined && !run.name.toLowerCase().includes(filter.name.toLowerCase())) return false;
  if (filter.startedSince !== undefined && run.startedAt < filter.startedSince) return false;
  return true;
}

export function isEmptyFilter(filter: RunFilter): boolean {
  return filter.statuses === undefined && filter.sweepId === undefined && filter.name === undefined && filter.startedSince === undefined;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `30m`, `12h`, `2d`, `1w` as milliseconds; undefined for anything else. */
export function parseAge(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
