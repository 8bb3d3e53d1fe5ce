// Where a run's own files (checkpoints, imported weights) live: beside the store, in a folder named
// after the store file, so that two stores in one folder never share (and prune) each other's files.
import { basename, dirname, extname, join } from 'node:path';

/**
 * `X/a.db` -> `X/a.runs`: run N of that store writes to `X/a.runs/N/`. Stores written before this
 * recorded absolute paths for their artifacts, so their older checkpoints stay readable where they are.
 */
export function runFilesDir(storePath: string): string {
  const file = basename(storePath);
  const stem = extname(file) === '' ? file : file.slice(0, -extname(file).length);
  return join(dirname(storePath), `${stem}.runs`);
}

/** The folder of one run's files. */
export function runDir(storePath: string, runId: number): string {
  return join(runFilesDir(storePath), String(runId));
}
