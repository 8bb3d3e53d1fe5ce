// The sweep store's published state, as the leaderboard reads it.
import { useSyncExternalStore } from 'react';
import type { SweepState } from '../../sweep/live-state.js';
import type { SweepStore } from './sweep-store.js';

/** Re-renders when the store publishes (at most ~10 times a second). */
export function useSweep(store: SweepStore): SweepState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
