// Columns of the stream Ink renders to, kept current across terminal resizes.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

const FALLBACK_COLUMNS = 80;

export function useTerminalWidth(): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(() => stdout.columns || FALLBACK_COLUMNS);
  useEffect(() => {
    const update = () => setColumns(stdout.columns || FALLBACK_COLUMNS);
    update();
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return columns;
}
