// The one place `folio report` gets a sweep's ranking: what `folio sweeps show <id> --json` prints,
// from the same function (the sweep analysis' leaderboard), so that the page and the command agree.
import { sweepLeaderboard, type SweepLeaderboard } from '../sweep/sweep-leaderboard.js';
import type { RunStore, SweepSummary } from '../tracking/store.js';

export function reportLeaderboard(store: RunStore, summary: SweepSummary): SweepLeaderboard {
  return sweepLeaderboard(store, summary.id)!;
}
