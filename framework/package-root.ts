// Where Folio is installed, and which version it is: found from this file, not the working
// directory, so that `npx folio` in any project reads Folio's own package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folio's name on the npm registry: scoped, since an unrelated package holds the plain name "folio" there. */
export const PACKAGE_NAME = '@folio-lm/folio';

interface Manifest {
  name?: string;
  version?: string;
}

let found: { root: string; version: string } | undefined;

function locate(): { root: string; version: string } {
  if (found !== undefined) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
      if (parsed.name === PACKAGE_NAME) return (found = { root: dir, version: parsed.version ?? '0.0.0' });
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the folio package root');
    dir = parent;
  }
}

/** The package root: the nearest folder above this file whose package.json is Folio's. */
export function packageRoot(): string {
  return locate().root;
}

export function folioVersion(): string {
  return locate().version;
}
