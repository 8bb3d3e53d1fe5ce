// A line chart as lines of text: y axis with labels, x axis with steps, one curve per series.
// Braille cells (2x4 dots each) when colours tell the curves apart; one marker character per series
// otherwise (plain text, NO_COLOR). Knows nothing about runs: series are numbers.

export interface ChartPoint {
  x: number;
  y: number;
  /** A band around the curve (the lowest and highest of a group's runs); drawn under it. */
  low?: number;
  high?: number;
}

export interface ChartSeries {
  points: readonly ChartPoint[];
  /** An Ink colour name; ignored in marker mode. */
  color?: string;
  /** Its character in marker mode. */
  marker: string;
  /** Lines between consecutive points (default), or the points alone (a scatter). */
  connect?: boolean;
}

export interface ChartOptions {
  /** Columns of the whole chart, y labels included. */
  width: number;
  /** Rows of the plot area; the x axis adds two. */
  height: number;
  logY?: boolean;
  mode: 'braille' | 'marker';
  /** How x values read under the axis; whole numbers (steps) by default. */
  formatX?: (x: number) => string;
}

/** A run of characters drawn alike. */
export interface Segment {
  text: string;
  color?: string;
  dim?: boolean;
}

export type ChartLine = Segment[];

interface Cell {
  bits: number;
  series: number;
  bandOnly: boolean;
}

/** Dot bits of a Braille cell by [column][row] (Unicode's dot numbering). */
const BRAILLE_BITS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];
const BRAILLE_BASE = 0x2800;

export function plotChart(series: readonly ChartSeries[], options: ChartOptions): ChartLine[] {
  const height = Math.max(2, Math.floor(options.height));
  const transform = options.logY ? (y: number) => (y > 0 ? Math.log10(y) : NaN) : (y: number) => y;
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.y, p.low, p.high])).filter((y): y is number => y !== undefined).map(transform).filter(Number.isFinite);
  const xs = series.flatMap((s) => s.points.map((p) => p.x)).filter(Number.isFinite);
  if (ys.length === 0 || xs.length === 0) return [[{ text: 'no values to plot yet', dim: true }]];

  const [yLow, yHigh] = paddedRange(Math.min(...ys), Math.max(...ys));
  const [xLow, xHigh] = [Math.min(...xs), Math.max(...xs)];
  const labels = yLabels(yLow, yHigh, height, options.logY ?? false);
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const plotWidth = Math.max(4, Math.floor(options.width) - labelWidth - 1);
  const dots = options.mode === 'braille' ? { x: 2, y: 4 } : { x: 1, y: 1 };
  const grid = new DotGrid(plotWidth, height, dots.x, dots.y);
  const toDotX = (x: number) => (xHigh === xLow ? 0 : Math.round(((x - xLow) / (xHigh - xLow)) * (plotWidth * dots.x - 1)));
  const toDotY = (y: number) => Math.round(((yHigh - transform(y)) / (yHigh - yLow)) * (height * dots.y - 1));

  series.forEach((s, index) => {
    for (const p of s.points) {
      if (p.low === undefined || p.high === undefined) continue;
      const [top, bottom] = [toDotY(p.high), toDotY(p.low)];
      if (Number.isFinite(top) && Number.isFinite(bottom)) grid.column(toDotX(p.x), top, bottom, index, true);
    }
  });
  series.forEach((s, index) => {
    let previous: [number, number] | undefined;
    for (const p of s.points) {
      const at: [number, number] = [toDotX(p.x), toDotY(p.y)];
      if (!Number.isFinite(at[1])) {
        previous = undefined; // a gap (NaN, or a value log scale cannot show) breaks the line
        continue;
      }
      if (previous === undefined || s.connect === false) grid.dot(at[0], at[1], index, false);
      else grid.line(previous, at, index);
      previous = at;
    }
  });

  const lines: ChartLine[] = [];
  for (let row = 0; row < height; row++) {
    const label = (labels[row] ?? '').padStart(labelWidth);
    lines.push([{ text: `${label}${labels[row] ? '┤' : '│'}`, dim: true }, ...rowSegments(grid, row, series, options.mode)]);
  }
  lines.push([{ text: `${' '.repeat(labelWidth)}└${'─'.repeat(plotWidth)}`, dim: true }]);
  const formatX = options.formatX ?? ((x: number) => String(Math.round(x)));
  lines.push([{ text: `${' '.repeat(labelWidth + 1)}${xAxisLabels(xLow, xHigh, plotWidth, formatX)}`, dim: true }]);
  return lines;
}

class DotGrid {
  readonly cells: (Cell | undefined)[];

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly dotsX: number,
    private readonly dotsY: number,
  ) {
    this.cells = new Array<Cell | undefined>(width * height);
  }

  dot(x: number, y: number, series: number, band: boolean): void {
    const column = Math.floor(x / this.dotsX);
    const row = Math.floor(y / this.dotsY);
    if (column < 0 || column >= this.width || row < 0 || row >= this.height) return;
    const index = row * this.width + column;
    const bit = this.dotsX === 1 ? 1 : BRAILLE_BITS[x % this.dotsX]![y % this.dotsY]!;
    const cell = this.cells[index];
    if (cell === undefined) {
      this.cells[index] = { bits: bit, series, bandOnly: band };
    } else {
      cell.bits |= bit;
      // A curve drawn over a band takes the cell; between curves the later one does.
      if (!band || cell.bandOnly) cell.series = series;
      cell.bandOnly &&= band;
    }
  }

  column(x: number, top: number, bottom: number, series: number, band: boolean): void {
    for (let y = Math.min(top, bottom); y <= Math.max(top, bottom); y++) this.dot(x, y, series, band);
  }

  /** Bresenham from `from` to `to`, both ends included. */
  line(from: [number, number], to: [number, number], series: number): void {
    let [x, y] = from;
    const [x1, y1] = to;
    const dx = Math.abs(x1 - x);
    const dy = -Math.abs(y1 - y);
    const sx = x < x1 ? 1 : -1;
    const sy = y < y1 ? 1 : -1;
    let error = dx + dy;
    for (;;) {
      this.dot(x, y, series, false);
      if (x === x1 && y === y1) return;
      const doubled = 2 * error;
      if (doubled >= dy) {
        error += dy;
        x += sx;
      }
      if (doubled <= dx) {
        error += dx;
        y += sy;
      }
    }
  }
}

function rowSegments(grid: DotGrid, row: number, series: readonly ChartSeries[], mode: ChartOptions['mode']): Segment[] {
  const segments: Segment[] = [];
  for (let column = 0; column < grid.width; column++) {
    const cell = grid.cells[row * grid.width + column];
    const text = cell === undefined ? ' ' : mode === 'braille' ? String.fromCodePoint(BRAILLE_BASE + cell.bits) : cell.bandOnly ? '·' : series[cell.series]!.marker;
    const color = cell === undefined || mode === 'marker' ? undefined : series[cell.series]!.color;
    const dim = cell?.bandOnly ?? false;
    const last = segments.at(-1);
    if (last !== undefined && last.color === color && (last.dim ?? false) === dim) last.text += text;
    else segments.push({ text, ...(color === undefined ? {} : { color }), ...(dim ? { dim } : {}) });
  }
  return segments;
}

/** A flat series still gets a band of height to sit in. */
function paddedRange(low: number, high: number): [number, number] {
  if (high > low) return [low, high];
  const pad = Math.abs(low) * 0.05 || 0.5;
  return [low - pad, high + pad];
}

/** Labels on the top, middle and bottom rows (and quarters when tall enough); empty strings elsewhere. */
function yLabels(low: number, high: number, height: number, log: boolean): string[] {
  const labels: string[] = new Array<string>(height).fill('');
  const marks = height >= 9 ? [0, 0.25, 0.5, 0.75, 1] : [0, 0.5, 1];
  for (const fraction of marks) {
    const row = Math.round(fraction * (height - 1));
    const value = high - fraction * (high - low);
    labels[row] = formatTick(log ? 10 ** value : value);
  }
  return labels;
}

/** "1.74", "0.0031", "1.2e+4": three significant digits. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/** The first step on the left, the last on the right, the middle one between when there is room. */
function xAxisLabels(low: number, high: number, width: number, format: (x: number) => string): string {
  const left = format(low);
  if (high === low) return left.slice(0, width);
  const right = format(high);
  if (left.length + right.length + 1 > width) return left.slice(0, width);
  const middle = format((low + high) / 2);
  const gap = width - left.length - right.length;
  if (middle.length + 2 > gap) return left + ' '.repeat(gap) + right;
  const before = Math.floor((gap - middle.length) / 2);
  return left + ' '.repeat(before) + middle + ' '.repeat(gap - middle.length - before) + right;
}

/** The lines as plain text (no colours). */
export function chartText(lines: readonly ChartLine[]): string {
  return lines.map((line) => line.map((segment) => segment.text).join('').trimEnd()).join('\n');
}
