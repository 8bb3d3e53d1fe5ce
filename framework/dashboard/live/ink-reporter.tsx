// The live view as a ProgressReporter: events go into a store, Ink draws it ~10 times a second.
import { render } from 'ink';
import type { ProgressReporter } from '../../training/events.js';
import { createLiveRunStore } from './live-run-store.js';
import { LiveRunApp } from './LiveRunApp.js';

export interface InkReporterOptions {
  /** Where to draw; process.stdout unless given. */
  stdout?: NodeJS.WriteStream;
  /** Least time between two re-renders (ms). */
  throttleMs?: number;
}

/**
 * Starts drawing at once ("waiting for the run to start…"). Ink neither exits on Ctrl+C nor
 * patches console: the CLI owns SIGINT and stops the run itself, reporting it 'interrupted'.
 */
export function createInkReporter(options: InkReporterOptions = {}): ProgressReporter {
  const store = createLiveRunStore({ throttleMs: options.throttleMs ?? 100 });
  const instance = render(<LiveRunApp store={store} />, {
    stdout: options.stdout ?? process.stdout,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let closing: Promise<void> | undefined;

  const close = async (): Promise<void> => {
    store.flush();
    // Render the final state synchronously (Ink's legacy root) rather than through the subscription,
    // which may not be in place yet when a run ends within a tick of starting.
    instance.rerender(<LiveRunApp store={store} />);
    // Ask for the exit promise before unmounting: asked afterwards, it would never settle.
    const exited = instance.waitUntilExit();
    instance.unmount();
    try {
      await exited;
    } finally {
      store.dispose();
    }
  };

  return {
    report(event) {
      if (closing === undefined) store.dispatch(event);
    },
    close() {
      closing ??= close();
      return closing;
    },
  };
}
