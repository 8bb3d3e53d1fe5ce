// The live run's state outside React: a throttled store of training events.
import type { TrainingEvent } from '../../training/events.js';
import { createThrottledStore, type ThrottledStore } from '../shared/throttled-store.js';
import { initialLiveRunState, liveRunReducer, type LiveRunState } from './live-run-state.js';

export type LiveRunStore = ThrottledStore<TrainingEvent, LiveRunState>;

export interface LiveRunStoreOptions {
  /** Least time between two publications (ms); 100 gives ~10 renders a second. */
  throttleMs?: number;
  now?: () => number;
}

export function createLiveRunStore(options: LiveRunStoreOptions = {}): LiveRunStore {
  return createThrottledStore({
    initial: initialLiveRunState,
    reduce: liveRunReducer,
    throttleMs: options.throttleMs,
    now: options.now ?? (() => performance.now()),
  });
}
