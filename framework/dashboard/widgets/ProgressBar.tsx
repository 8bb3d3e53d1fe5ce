// A horizontal bar filled to a fraction, with eighth-cell resolution.
import { Text } from 'ink';

export interface ProgressBarProps {
  /** Done part, 0..1; clamped, and NaN reads as empty. */
  fraction: number;
  /** Cells the bar takes. */
  width: number;
  color?: string;
}

const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export function ProgressBar({ fraction, width, color = 'green' }: ProgressBarProps) {
  const { filled, empty } = progressCells(fraction, width);
  return (
    <Text>
      <Text color={color}>{filled}</Text>
      <Text dimColor>{empty}</Text>
    </Text>
  );
}

/** The bar as two strings (filled with its partial cell, then the empty rest); together exactly `width` cells. */
export function progressCells(fraction: number, width: number): { filled: string; empty: string } {
  const cells = Math.max(0, Math.floor(width));
  const done = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(done * cells * 8);
  const full = Math.floor(eighths / 8);
  const partial = PARTIAL[eighths % 8]!;
  const filled = '█'.repeat(full) + partial;
  return { filled, empty: '░'.repeat(cells - full - (partial === '' ? 0 : 1)) };
}
