// Type-checks a user's TypeScript against the public API, as their editor or tsc would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/** tsc --noEmit over `project` (a folder with a tsconfig.json); returns its output, '' when clean. */
export function typeErrors(project: string): string {
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}
