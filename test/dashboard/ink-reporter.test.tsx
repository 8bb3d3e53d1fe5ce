import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createInkReporter } from '../../framework/dashboard/live/ink-reporter.js';
import { endEvent, runUntilSample } from './fixtures.js';

/** Just enough of a terminal stream for Ink: columns, write, events. */
class FakeTerminal extends EventEmitter {
  readonly columns = 90;
  readonly rows = 40;
  readonly isTTY = true;
  readonly chunks: string[] = [];
  write(chunk: string, callback?: () => void): boolean {
    this.chunks.push(chunk);
    callback?.();
    return true;
  }
  get text(): string {
    return stripVTControlCharacters(this.chunks.join(''));
  }
}

describe('createInkReporter', () => {
  it('draws the final state when closed', async () => {
    const terminal = new FakeTerminal();
    const reporter = createInkReporter({ stdout: terminal as unknown as NodeJS.WriteStream });
    for (const event of runUntilSample()) reporter.report(event);
    reporter.report(endEvent);
    await reporter.close();
    const text = terminal.text;
    expect(text).toContain('run 3 shakespeare-char');
    expect(text).toContain('2000/2000');
    expect(text).toContain('val 2.0456');
    expect(text).toContain('✔ completed at step 2000');
  });

  it('closes once, and ignores events after closing', async () => {
    const terminal = new FakeTerminal();
    const reporter = createInkReporter({ stdout: terminal as unknown as NodeJS.WriteStream });
    const first = reporter.close();
    expect(reporter.close()).toBe(first);
    await first;
    const written = terminal.chunks.length;
    reporter.report(endEvent);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(terminal.chunks.length).toBe(written);
    expect(terminal.text).toContain('waiting for the run to start');
  });
});
