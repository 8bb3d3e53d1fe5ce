// A user who runs the tests with their own FOLIO_STORE / FOLIO_CACHE set must find them untouched:
// the CLI the tests start sees only the test's own folder.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { folio, workspace } from '../helpers/cli.js';

afterEach(() => vi.unstubAllEnvs());

describe('the folio a test starts', () => {
  it("ignores the user's FOLIO_STORE and FOLIO_CACHE", async () => {
    const users = workspace();
    vi.stubEnv('FOLIO_STORE', join(users, 'my-runs.db'));
    vi.stubEnv('FOLIO_CACHE', join(users, 'my-cache'));
    const dir = workspace();
    const result = await folio(['runs', 'list'], { cwd: dir });
    expect(result.stdout).toBe(`no runs yet (store: ${join(dir, 'runs', 'folio.db')})\n`);
  });
});
