// A live view only where it can be seen: Ink in CI writes just the final frame, so runs and sweeps
// print the plain log there even on a terminal.
import { describe, expect, it } from 'vitest';
import { liveTerminal, saysContinuousIntegration } from '../../framework/cli/live-terminal.js';
import { FakeTerminal } from '../dashboard/fake-terminal.js';
import { testIO } from '../tracking/helpers.js';

function onTerminal(env: NodeJS.ProcessEnv) {
  const terminal = new FakeTerminal(100, 30);
  return { terminal, io: { ...testIO('/tmp', env), stdout: terminal.stream } };
}

describe('liveTerminal', () => {
  it('is the terminal outside CI, and nothing in CI or when the output is not a terminal', () => {
    const outside = onTerminal({});
    expect(liveTerminal(outside.io)).toBe(outside.terminal);
    expect(liveTerminal(onTerminal({ CI: 'true' }).io)).toBeUndefined();
    expect(liveTerminal(onTerminal({ CONTINUOUS_INTEGRATION: '1' }).io)).toBeUndefined();
    expect(liveTerminal(testIO('/tmp', {}))).toBeUndefined();
  });

  it('reads CI=0 and CI=false as not CI, as Ink does', () => {
    expect(saysContinuousIntegration({ CI: '0' })).toBe(false);
    expect(saysContinuousIntegration({ CI: 'false' })).toBe(false);
    expect(saysContinuousIntegration({ CI: '' })).toBe(true);
    expect(saysContinuousIntegration({})).toBe(false);
  });
});
