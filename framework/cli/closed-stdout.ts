// A closed stdout (`folio run ... | head -2`, a terminal that went away) while a run trains stops
// the printing, not the training: the run goes on to its end, checkpoints and all, and the store
// records it as usual. Other commands end quietly when their reader leaves (see io.ts).
import { Writable } from 'node:stream';

const keepers = new Set<() => void>();

/**
 * Called by the process's stdout error handler: true when some work asked to outlive a closed
 * stdout (it is told, and the process goes on), false when the process should end.
 */
export function stdoutClosedWhileWorking(): boolean {
  if (keepers.size === 0) return false;
  for (const tell of keepers) tell();
  return true;
}

export interface OutputWhileWorking {
  /** Writes to stdout until it closes, then drops what is written. */
  out: NodeJS.WritableStream;
  /** Whether stdout closed while the work ran. */
  closed(): boolean;
  /** From now on a closed stdout ends the process again. */
  dispose(): void;
}

/** Keeps the process alive when `stdout` closes from now until `dispose`. */
export function keepWorkingWhenStdoutCloses(stdout: NodeJS.WritableStream): OutputWhileWorking {
  let closed = false;
  const markClosed = () => {
    closed = true;
  };
  keepers.add(markClosed);
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (closed) return callback();
      // A failed write is the closed pipe itself: the data has nowhere to go, the work goes on.
      stdout.write(chunk as Uint8Array, () => callback());
    },
  });
  return { out, closed: () => closed, dispose: () => void keepers.delete(markClosed) };
}
