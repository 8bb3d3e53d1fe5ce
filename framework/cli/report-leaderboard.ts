// The one place `folio report` gets a sweep's ranking: what `folio sweeps show <id> --json` prints,
// from the same function (the sweep analysis' leaderboard), so that the page and the command agree.
import { sweepLeaderboard, type SweepLeaderboard } from '../sweep/sweep-leaderboard.js';
import type { StoreReader } from '../tracking/store-reader.js';
import type { SweepSummary } from '../tracking/records.js';

export function reportLeaderboard(store: StoreReader, summary: SweepSummary): SweepLeaderboard {
  return sweepLeaderboard(store, summary.id)!;
}
