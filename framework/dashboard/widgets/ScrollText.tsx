// A window of `height` lines onto a longer text, from line `offset`; says how far down it is.
import { Box, Text } from 'ink';

export interface ScrollTextProps {
  lines: readonly string[];
  offset: number;
  height: number;
  width: number;
}

export function ScrollText({ lines, offset, height, width }: ScrollTextProps) {
  const rows = Math.max(1, height);
  const start = clampOffset(offset, lines.length, rows);
  const more = lines.length > rows;
  const shown = lines.slice(start, start + (more ? rows - 1 : rows));
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {more ? <Text dimColor>{`↕ lines ${start + 1}-${start + shown.length} of ${lines.length}`}</Text> : null}
    </Box>
  );
}

/** The first line to show so that the window stays within the text. */
export function clampOffset(offset: number, total: number, rows: number): number {
  return Math.max(0, Math.min(offset, total - Math.max(1, rows - 1)));
}
