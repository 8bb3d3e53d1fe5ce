// Where datasets are cached: FOLIO_CACHE, else ~/.cache/folio.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveCacheDir(env: NodeJS.ProcessEnv, cwd: string): string {
  const configured = env.FOLIO_CACHE;
  return configured ? resolve(cwd, configured) : join(homedir(), '.cache', 'folio');
}
