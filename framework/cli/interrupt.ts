// Ctrl-C for the commands that train: the first one asks the work to stop cleanly, a second one leaves at once.

export interface Interrupt {
  /** Aborted by the first Ctrl-C; the work watches it and ends itself, recording why. */
  signal: AbortSignal;
  /** Stops listening for Ctrl-C; call it once the work is over. */
  dispose(): void;
}

/** Listens for SIGINT from now until `dispose`: the first aborts `signal`, the second exits 130. */
export function interruptOnCtrlC(): Interrupt {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
    },
  };
}
