// Columns and rows of the stream Ink renders to, kept current across terminal resizes: views fit
// their width to it, and the leaderboard must not grow taller than the terminal, or each frame
// scrolls the last one away instead of redrawing it.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What a stream that does not say (not a terminal) is taken for. */
const FALLBACK: TerminalSize = { columns: 80, rows: 24 };

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    // Keep the same object while nothing changed, so React skips the re-render.
    const update = () => {
      const current = sizeOf(stdout);
      setSize((previous) => (sameSize(previous, current) ? previous : current));
    };
    update();
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return size;
}

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || FALLBACK.columns, rows: stdout.rows || FALLBACK.rows };
}

function sameSize(a: TerminalSize, b: TerminalSize): boolean {
  return a.columns === b.columns && a.rows === b.rows;
}
