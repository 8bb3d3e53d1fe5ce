// A sweep's hyperparameter importance as text: one bar per parameter, longest first, and the note
// when the points were too few. `folio sweeps show --importance` prints it; the dashboard draws the same bars.
import type { ImportanceResult } from '../sweep/importance.js';
import { printable } from './format.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `fraction` (0..1) of `width` cells, in eighths of a cell. */
export function textBar(fraction: number, width: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

/** Lines: "optimizer.lr   ██████████▌  0.83", then the note, if any. */
export function importanceLines(result: ImportanceResult, barWidth = 30): string[] {
  const names = result.parameters.map((parameter) => printable(parameter.path));
  const nameWidth = Math.max(0, ...names.map((name) => name.length));
  const lines = result.parameters.map(
    (parameter, i) => `${names[i]!.padEnd(nameWidth)}  ${textBar(parameter.importance, barWidth).padEnd(barWidth)}  ${parameter.importance.toFixed(2)}`,
  );
  if (result.note !== undefined) lines.push(`(${result.note})`);
  return lines;
}

/** The heading above the bars. */
export function importanceHeading(result: ImportanceResult): string {
  return `parameter importance (fANOVA over a regression forest, ${result.points} completed point${result.points === 1 ? '' : 's'}; shares sum to 1)`;
}
