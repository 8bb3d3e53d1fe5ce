// A user's own project that depends on folio: a throwaway folder whose node_modules/folio is this
// checkout (as `npm install path/to/folio` would link it), so `import ... from 'folio'` resolves.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, tinyCorpus, workspace } from './cli.js';

export function userProject(files: Record<string, string>): string {
  const dir = workspace({ 'corpus.txt': tinyCorpus(), ...files });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO_ROOT, join(dir, 'node_modules/folio'), 'dir');
  return dir;
}
