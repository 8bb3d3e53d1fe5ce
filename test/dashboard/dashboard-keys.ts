// Driving an Ink app under ink-testing-library as a person would: keys, then a moment for React.
import { stripVTControlCharacters } from 'node:util';

export const KEY = { enter: '\r', esc: '\u001b', up: '\u001b[A', down: '\u001b[B', right: '\u001b[C', left: '\u001b[D', tab: '\t', space: ' ' };

interface Driven {
  stdin: { write: (data: string) => void };
  lastFrame: () => string | undefined;
}

/** Sends each key and lets the app render after it. */
export async function press(app: Driven, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    app.stdin.write(key);
    await settle();
  }
}

export function frameOf(app: Pick<Driven, 'lastFrame'>): string {
  return stripVTControlCharacters(app.lastFrame() ?? '');
}

/** Waits until the frame matches, polling; fails with the last frame after `timeoutMs`. */
export async function frameMatching(app: Pick<Driven, 'lastFrame'>, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frame = frameOf(app);
    if (pattern.test(frame)) return frame;
    if (Date.now() > until) throw new Error(`no frame matched ${pattern} within ${timeoutMs} ms; the last one:\n${frame}`);
    await settle();
  }
}

/** Ink reads stdin and renders asynchronously: a few ticks let both happen. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 60));
}
