// A chart's legend: each series' swatch (its colour, or its marker without colours) and label,
// wrapped to the width; what does not fit in `maxLines` is counted at the end.
import { Box, Text } from 'ink';

export interface LegendEntry {
  label: string;
  color?: string;
  marker: string;
}

export interface LegendProps {
  entries: readonly LegendEntry[];
  width: number;
  maxLines: number;
  /** Swatches as colour blocks (Braille charts) or as the series' markers (plain charts). */
  colors: boolean;
}

const GAP = '  ';

export function Legend({ entries, width, maxLines, colors }: LegendProps) {
  const lines = legendLines(entries, width, maxLines, colors);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.map((item, j) =>
            typeof item === 'string' ? (
              <Text key={j} dimColor>
                {item}
              </Text>
            ) : (
              <Text key={j}>
                {j > 0 ? GAP : ''}
                <Text color={colors ? item.color : undefined}>{swatch(item, colors)}</Text> {item.label}
              </Text>
            ),
          )}
        </Text>
      ))}
    </Box>
  );
}

/** Entries packed into lines of `width`; the last line ends with "+N more" when some are left out. */
export function legendLines(entries: readonly LegendEntry[], width: number, maxLines: number, colors: boolean): (LegendEntry | string)[][] {
  const lines: (LegendEntry | string)[][] = [];
  let line: LegendEntry[] = [];
  let used = 0;
  for (const [i, entry] of entries.entries()) {
    const gap = line.length > 0 ? GAP.length : 0;
    const size = swatch(entry, colors).length + 1 + [...entry.label].length;
    if (line.length > 0 && used + gap + size > width) {
      lines.push(line);
      line = [];
      used = 0;
      if (lines.length === maxLines) {
        lines[maxLines - 1]!.push(`${GAP}+${entries.length - i} more`);
        return lines;
      }
    }
    used += (line.length > 0 ? GAP.length : 0) + size;
    line.push(entry);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function swatch(entry: LegendEntry, colors: boolean): string {
  return colors ? '━━' : entry.marker;
}
