// The most recent values as one line of block characters, scaled between their own min and max.
import { Text } from 'ink';

export interface SparklineProps {
  values: readonly number[];
  /** Cells: only the last `width` values are drawn. */
  width: number;
  color?: string;
}

const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export function Sparkline({ values, width, color }: SparklineProps) {
  return <Text color={color}>{sparkline(values, width)}</Text>;
}

/**
 * One character per value, the last `width` of them. Non-finite values (a diverged loss) show
 * as "×" and take no part in the scaling; a flat series sits at mid height.
 */
export function sparkline(values: readonly number[], width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const recent = cells === 0 ? [] : values.slice(-cells);
  const finite = recent.filter(Number.isFinite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min;
  return recent
    .map((value) => {
      if (!Number.isFinite(value)) return '×';
      if (span === 0) return LEVELS[3]!;
      return LEVELS[Math.round(((value - min) / span) * (LEVELS.length - 1))]!;
    })
    .join('');
}
