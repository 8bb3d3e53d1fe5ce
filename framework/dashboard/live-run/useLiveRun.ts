// The live view's hook: the state folded from the trainer's events (live-run-state.ts), read from a LiveRunStore.
import { useSyncExternalStore } from 'react';
import type { LiveRunStore } from './live-run-store.js';
import type { LiveRunState } from './live-run-state.js';

export * from './live-run-state.js';

/** The store's published state; re-renders when the store publishes (at most ~10 times a second). */
export function useLiveRun(store: LiveRunStore): LiveRunState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
