// The live view as a ProgressReporter: events go into a store, Ink draws it ~10 times a second.
import type { ProgressReporter } from '../../training/events.js';
import { mountInkReporter } from '../shared/mount-ink-reporter.js';
import { createLiveRunStore } from './live-run-store.js';
import { LiveRunApp } from './LiveRunApp.js';

export interface InkReporterOptions {
  /** Where to draw; process.stdout unless given. */
  stdout?: NodeJS.WriteStream;
  /** Least time between two re-renders (ms). */
  throttleMs?: number;
}

/** Starts drawing at once ("waiting for the run to start…"); the CLI owns SIGINT. */
export function createInkReporter(options: InkReporterOptions = {}): ProgressReporter {
  const store = createLiveRunStore({ throttleMs: options.throttleMs ?? 100 });
  return mountInkReporter(store, () => <LiveRunApp store={store} />, options.stdout ?? process.stdout);
}
