// Plain-text tables for command output: padded columns, numeric columns right-aligned.

const NUMERIC = /^[-+]?(\d[\d,_]*(\.\d+)?([eE][-+]?\d+)?%?[kMGB]?|nan|inf)$/;
/** Cells that say "nothing here" and do not decide a column's alignment. */
const PLACEHOLDER = /^(|-|--|—)$/;

/**
 * Lays out single-line cells under `headers`, two spaces between columns, no trailing spaces.
 * A column whose cells all look like numbers or placeholders ("12", "3.5e-4", "0.81M", "nan") is right-aligned.
 * Rows shorter than `headers` are padded with empty cells.
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const columns = Math.max(headers.length, ...rows.map((row) => row.length));
  const cell = (row: string[], i: number) => row[i] ?? '';
  const widths: number[] = [];
  const rightAligned: boolean[] = [];
  for (let i = 0; i < columns; i++) {
    const values = rows.map((row) => cell(row, i));
    widths.push(Math.max(width(cell(headers, i)), ...values.map(width)));
    const meaningful = values.filter((v) => !PLACEHOLDER.test(v));
    // A column of placeholders only (no values yet) lines up like the numbers it will hold.
    rightAligned.push(meaningful.every((v) => NUMERIC.test(v)));
  }
  const line = (row: string[]) =>
    Array.from({ length: columns }, (_, i) => {
      const text = cell(row, i);
      const padding = ' '.repeat(widths[i]! - width(text));
      return rightAligned[i] ? padding + text : text + padding;
    })
      .join('  ')
      .trimEnd();
  return [headers, ...rows].map(line).join('\n') + '\n';
}

/** Width in terminal columns, counting code points (so "é" or "·" is one, not two UTF-16 units). */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
