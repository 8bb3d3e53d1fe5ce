import { describe, expect, it } from 'vitest';
import { createInkReporter } from '../../framework/dashboard/live-run/ink-reporter.js';
import { FakeTerminal } from './fake-terminal.js';
import { endEvent, runUntilSample } from './fixtures.js';

describe('createInkReporter', () => {
  it('draws the final state when closed', async () => {
    const terminal = new FakeTerminal(90, 40);
    const reporter = createInkReporter({ stdout: terminal.stream });
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
    const terminal = new FakeTerminal(90, 40);
    const reporter = createInkReporter({ stdout: terminal.stream });
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
