// A progress bar with text after it on one line: the bar takes what the text leaves.
import { Box, Text } from 'ink';
import { ProgressBar } from './ProgressBar.js';

/** The bar never shrinks below this many cells; text that leaves less is cut at the right edge. */
export const MIN_BAR_CELLS = 10;

export interface ProgressLineProps {
  /** Done part, 0..1. */
  fraction: number;
  /** Columns of the whole line. */
  width: number;
  /** What follows the bar, its leading space included. */
  text: string;
}

export function ProgressLine({ fraction, width, text }: ProgressLineProps) {
  return (
    <Box width={width} overflowX="hidden">
      <Box flexShrink={0}>
        <ProgressBar fraction={fraction} width={Math.max(MIN_BAR_CELLS, width - text.length)} />
      </Box>
      <Box flexShrink={0}>
        <Text>{text}</Text>
      </Box>
    </Box>
  );
}
