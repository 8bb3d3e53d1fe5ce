// A user's own project that depends on folio: a throwaway folder whose node_modules/@folio-lm/folio is this
// checkout (as `npm install path/to/folio` would link it), so `import ... from '@folio-lm/folio'` resolves.
import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_NAME } from '../../framework/package-root.js';
import { REPO_ROOT, tinyCorpus, workspace } from './cli.js';

export function userProject(files: Record<string, string>): string {
  const dir = workspace({ 'corpus.txt': tinyCorpus(), ...files });
  mkdirSync(join(dir, 'node_modules', dirname(PACKAGE_NAME)), { recursive: true });
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', PACKAGE_NAME), 'dir');
  return dir;
}
