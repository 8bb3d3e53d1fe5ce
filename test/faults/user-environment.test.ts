// Tests run the same whatever the user exported: NO_COLOR, FORCE_COLOR, CI and the Folio variables
// are gone from the tests' own process and from every process they start.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isolatedEnv, OUTPUT_VARIABLES, USER_DATA_VARIABLES } from '../helpers/isolated-env.js';

afterEach(() => vi.unstubAllEnvs());

describe("the user's environment", () => {
  it('is not in the process a test starts, except what the test sets', () => {
    for (const name of [...OUTPUT_VARIABLES, ...USER_DATA_VARIABLES]) vi.stubEnv(name, '1');
    const env = isolatedEnv({ TERM: 'xterm-256color', NO_COLOR: '1' });
    for (const name of [...OUTPUT_VARIABLES, ...USER_DATA_VARIABLES].filter((n) => n !== 'NO_COLOR')) expect(env[name], name).toBeUndefined();
    expect(env.NO_COLOR).toBe('1');
    expect(env.TERM).toBe('xterm-256color');
  });

  it('was removed from the test process before the test file loaded (the setup file)', () => {
    // Holds only if the setup file ran: `NO_COLOR=1 npm test` exports it to this process.
    expect(Object.keys(process.env).filter((name) => (OUTPUT_VARIABLES as readonly string[]).includes(name))).toEqual([]);
  });
});
