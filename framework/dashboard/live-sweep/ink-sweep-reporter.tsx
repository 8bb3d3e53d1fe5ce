// The leaderboard as a SweepReporter: events go into a store, Ink draws it ~10 times a second.
import type { SweepReporter } from '../../sweep/events.js';
import { mountInkReporter } from '../shared/mount-ink-reporter.js';
import { SweepApp } from './SweepApp.js';
import { createSweepStore } from './sweep-store.js';

export interface InkSweepReporterOptions {
  /** Least time between two re-renders (ms). */
  throttleMs?: number;
  /** Wall clock (ms); Date.now unless given. */
  now?: () => number;
}

/** Starts drawing at once ("waiting for the sweep to start…"); the sweep command owns SIGINT. */
export function inkSweepReporter(stdout: NodeJS.WriteStream = process.stdout, options: InkSweepReporterOptions = {}): SweepReporter {
  const clock = options.now ?? Date.now;
  const store = createSweepStore({ throttleMs: options.throttleMs ?? 100, now: clock });
  return mountInkReporter(store, () => <SweepApp store={store} clock={clock} />, stdout);
}
