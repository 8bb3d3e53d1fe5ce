// An Ink app as a reporter: events go into its throttled store, Ink draws the store's state, and
// close() draws the final frame and unmounts. The live run's reporter and the sweep's are both this.
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { ThrottledStore } from './throttled-store.js';

export interface InkStoreReporter<Event> {
  report(event: Event): void;
  /** Draws the final state and unmounts; the same promise however often it is called. */
  close(): Promise<void>;
}

/**
 * Starts drawing `app()` at once. Ink neither exits on Ctrl+C nor patches console: the command
 * owns SIGINT and ends the work itself, reporting it 'interrupted'.
 */
export function mountInkReporter<Event>(
  store: ThrottledStore<Event, unknown>,
  app: () => ReactElement,
  stdout: NodeJS.WriteStream,
): InkStoreReporter<Event> {
  const instance = render(app(), { stdout, exitOnCtrlC: false, patchConsole: false });
  let closing: Promise<void> | undefined;

  const close = async (): Promise<void> => {
    store.flush();
    // Render the final state synchronously (Ink's legacy root) rather than through the subscription,
    // which may not be in place yet when the work ends within a tick of starting.
    instance.rerender(app());
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
