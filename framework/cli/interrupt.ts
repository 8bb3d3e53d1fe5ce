// Stopping the commands that train: Ctrl-C, SIGTERM (a service manager, `kill`) and SIGHUP (the
// terminal closed) all ask the work to stop cleanly: it finishes its step, writes a checkpoint and
// records the run as interrupted. A second signal leaves at once.

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

// The shell's convention: a process ended by signal N exits 128 + N.
const EXIT_CODES: Record<StopSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface Interrupt {
  /** Aborted by the first stop signal; the work watches it and ends itself, recording why. */
  signal: AbortSignal;
  /** The exit code that says which signal stopped the work (130 for Ctrl-C); undefined before any. */
  exitCode(): number | undefined;
  /** Stops listening; call it once the work is over. */
  dispose(): void;
}

/** Listens for SIGINT, SIGTERM and SIGHUP from now until `dispose`: the first aborts `signal`, a second exits. */
export function interruptOnCtrlC(): Interrupt {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const handlers = STOP_SIGNALS.map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(EXIT_CODES[name]);
      first = name;
      controller.abort();
    };
    process.on(name, handler);
    return { name, handler };
  });
  return {
    signal: controller.signal,
    exitCode: () => (first === undefined ? undefined : EXIT_CODES[first]),
    dispose: () => {
      for (const { name, handler } of handlers) process.off(name, handler);
    },
  };
}
