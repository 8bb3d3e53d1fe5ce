// Where the run database lives: --store, else $FOLIO_STORE, else ./runs/folio.db (relative paths against cwd).
import { resolve } from 'node:path';
import { StoreError } from './errors.js';

export const DEFAULT_STORE_PATH = 'runs/folio.db';

export function resolveStorePath(flag: string | undefined, io: { env: NodeJS.ProcessEnv; cwd: string }): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new StoreError('--store needs a path to the run database');
    return resolve(io.cwd, flag);
  }
  const fromEnv = io.env.FOLIO_STORE;
  // An empty FOLIO_STORE (e.g. `FOLIO_STORE= folio ...`) means "unset", as with most tools.
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(io.cwd, fromEnv);
  return resolve(io.cwd, DEFAULT_STORE_PATH);
}
