// Every area's user-facing error extends the one base at the bottom, so the CLI reports each the same way:
// the message alone, exit 2, no stack trace. An error class left on plain Error would show as an internal error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../framework/config/errors.js';
import { UserError, UserMistake } from '../../framework/errors.js';
import { ComponentInputError } from '../../framework/registry/errors.js';
import { RegistryError } from '../../framework/registry/registry.js';
import { SweepError } from '../../framework/sweep/errors.js';
import { StoreError } from '../../framework/tracking/errors.js';
import { CheckpointError } from '../../framework/training/checkpoint/errors.js';
import { main } from '../../framework/cli/main.js';
import { workspace } from '../helpers/cli.js';
import { testIO } from '../tracking/helpers.js';

describe('user mistakes', () => {
  it.each([
    ['ConfigError', new ConfigError([{ file: '--set', line: 0, col: 0, path: 'x', message: 'bad', arg: 'x=1' }])],
    ['ComponentInputError', new ComponentInputError('bad')],
    ['RegistryError', new RegistryError('bad')],
    ['SweepError', new SweepError('bad')],
    ['StoreError', new StoreError('bad')],
    ['CheckpointError', new CheckpointError('bad')],
    ['UserError', new UserError('bad')],
  ])('%s is a UserMistake that exits 2', (_name, error) => {
    expect(error).toBeInstanceOf(UserMistake);
    expect(error.exitCode).toBe(2);
  });

  it('a UserError keeps the exit code it was given', () => {
    expect(new UserError('stopped', 130).exitCode).toBe(130);
  });

  it('the CLI prints a lower layer\'s mistake alone and exits 2: a store that is not a database', async () => {
    const cwd = workspace();
    const store = join(cwd, 'not-a-store.db');
    writeFileSync(store, 'these are not the bytes of a SQLite database, but long enough to be read as a header of one\n'.repeat(20));
    const io = testIO(cwd, { FOLIO_STORE: store, FOLIO_CACHE: join(cwd, 'cache') });
    const code = await main(['runs', 'list'], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^folio: .*not-a-store\.db/);
    expect(io.err()).not.toMatch(/internal error|\n\s+at /);
  });
});
