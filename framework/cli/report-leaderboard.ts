// The one place `folio report` gets a sweep's ranking: what `folio sweeps show <id> --json` prints,
// from the same function, so that the page's leaderboard and the command's never disagree. When the
// sweep ranking moves to its own analysis module, this is the line to change.
import type { Leaderboard } from '../report/types.js';
import type { RunStore, SweepSummary } from '../tracking/store.js';
import { sweepShowJson } from './commands/sweeps.js';

export function reportLeaderboard(store: RunStore, summary: SweepSummary): Leaderboard {
  return sweepShowJson(store, summary);
}
