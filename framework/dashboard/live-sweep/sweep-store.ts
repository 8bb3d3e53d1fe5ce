// A sweep's state outside React: a throttled store of sweep events, each stamped with the clock as it
// folds in (for elapsed time and ETA).
import type { SweepEvent } from '../../sweep/events.js';
import { createThrottledStore, type ThrottledStore } from '../shared/throttled-store.js';
import { initialSweepState, sweepReducer, type SweepState } from '../../sweep/live-state.js';

export type SweepStore = ThrottledStore<SweepEvent, SweepState>;

export interface SweepStoreOptions {
  /** Least time between two publications (ms); 100 gives ~10 renders a second. */
  throttleMs?: number;
  /** Wall clock (ms) stamped on each event, for elapsed time and ETA; Date.now unless given. */
  now?: () => number;
}

export function createSweepStore(options: SweepStoreOptions = {}): SweepStore {
  const now = options.now ?? Date.now;
  return createThrottledStore({
    initial: initialSweepState,
    reduce: (state: SweepState, event: SweepEvent) => sweepReducer(state, event, now()),
    throttleMs: options.throttleMs,
    now,
  });
}
