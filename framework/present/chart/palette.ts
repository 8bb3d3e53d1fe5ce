// How the n-th series of a chart looks: a colour for Braille curves, a character for plain text.
// Past the end both start over; the legend still tells the series apart by their labels.

const COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red', 'cyanBright', 'magentaBright', 'yellowBright', 'greenBright'];
const MARKERS = ['*', 'o', '+', 'x', '#', '@', '%', '&', '=', '~'];

export function seriesColor(index: number): string {
  return COLORS[index % COLORS.length]!;
}

export function seriesMarker(index: number): string {
  return MARKERS[index % MARKERS.length]!;
}
