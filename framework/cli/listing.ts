// How the store-reading commands (`folio runs`, `folio sweeps`) lay out what they print: aligned
// key/value facts, indented blocks, and --json documents.

/** "  status   completed": keys padded to the longest, the whole block indented two spaces. */
export function keyValueLines(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`);
}

/** The lines of `text` indented two spaces; empty lines stay empty. */
export function indent(text: string): string[] {
  return text.split('\n').map((line) => (line === '' ? '' : `  ${line}`));
}

/**
 * One JSON document. JSON has no NaN or Infinity: such numbers (a diverged run's loss) are written
 * as the strings "NaN", "Infinity", "-Infinity", so they stay distinct from null ("never logged").
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}
