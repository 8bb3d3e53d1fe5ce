// Holds a view's state outside React: events fold in at once, subscribers hear of it at a throttled
// rate, so a burst of events costs one render. The live run's store and the sweep's are both this.

export interface ThrottledStore<Event, State> {
  dispatch(event: Event): void;
  /** For useSyncExternalStore: returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The last published state (stable between publications, as useSyncExternalStore needs). */
  getSnapshot(): State;
  /** Publishes whatever is pending now. */
  flush(): void;
  /** Cancels a pending publication; the store stays readable. */
  dispose(): void;
}

export interface ThrottledStoreOptions<Event, State> {
  initial: State;
  /** Folds one event into the state; must return the same object when nothing changed. */
  reduce: (state: State, event: Event) => State;
  /** Least time between two publications (ms); 100 gives ~10 renders a second. */
  throttleMs?: number;
  /** The clock the throttle is measured on (ms). */
  now: () => number;
}

export function createThrottledStore<Event, State>(options: ThrottledStoreOptions<Event, State>): ThrottledStore<Event, State> {
  const { reduce, now } = options;
  const throttleMs = options.throttleMs ?? 100;
  const listeners = new Set<() => void>();
  let latest = options.initial;
  let published = options.initial;
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
      latest = reduce(latest, event);
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
