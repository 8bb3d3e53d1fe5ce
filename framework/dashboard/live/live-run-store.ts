// Holds the live state outside React: events fold in at once, subscribers hear of it at a throttled rate.
import type { TrainingEvent } from '../../training/events.js';
import { initialLiveRunState, liveRunReducer, type LiveRunState } from './useLiveRun.js';

export interface LiveRunStore {
  dispatch(event: TrainingEvent): void;
  /** For useSyncExternalStore: returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The last published state (stable between publications, as useSyncExternalStore needs). */
  getSnapshot(): LiveRunState;
  /** Publishes whatever is pending now. */
  flush(): void;
  /** Cancels a pending publication; the store stays readable. */
  dispose(): void;
}

export interface LiveRunStoreOptions {
  /** Least time between two publications (ms); 100 gives ~10 renders a second. */
  throttleMs?: number;
  now?: () => number;
}

export function createLiveRunStore(options: LiveRunStoreOptions = {}): LiveRunStore {
  const throttleMs = options.throttleMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const listeners = new Set<() => void>();
  let latest: LiveRunState = initialLiveRunState;
  let published: LiveRunState = initialLiveRunState;
  let lastPublishedAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cancelTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const publish = () => {
    cancelTimer();
    lastPublishedAt = now();
    if (published === latest) return;
    published = latest;
    for (const listener of [...listeners]) listener();
  };

  return {
    dispatch(event) {
      latest = liveRunReducer(latest, event);
      if (timer !== undefined) return; // a publication is already due and will carry this event
      const wait = lastPublishedAt + throttleMs - now();
      if (wait <= 0) {
        publish();
      } else {
        timer = setTimeout(publish, wait);
        // A pending frame must not keep the process alive; close() flushes explicitly.
        timer.unref?.();
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => published,
    flush: publish,
    dispose: cancelTimer,
  };
}
