// Files a command writes where the user said (`folio export -o`): only ever regular files, an
// existing one only when asked to (--force), never a device, a folder or a link put in its place.
import { lstat } from 'node:fs/promises';
import { writeFileAtomically } from '../training/checkpoint/atomic-write.js';
import { UserError } from '../errors.js';

export interface OutputFile {
  path: string;
  chunks: readonly Uint8Array[];
}

/**
 * Writes every file (each atomically: a crash leaves the old file or the whole new one), after
 * checking all of them first, so that a refusal writes nothing.
 */
export async function writeOutputFiles(files: readonly OutputFile[], options: { force: boolean }): Promise<void> {
  for (const file of files) await checkOutputPath(file.path, options.force);
  for (const file of files) {
    try {
      await writeFileAtomically(file.path, file.chunks);
    } catch (error) {
      throw new UserError(`cannot write ${file.path}: ${(error as Error).message}`);
    }
  }
}

/** Refuses a path where a regular file cannot simply be written (or replaced, with `force`). */
export async function checkOutputPath(path: string, force: boolean): Promise<void> {
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new UserError(`cannot write ${path}: ${error.message}`);
  });
  if (existing === undefined) return;
  const what = existing.isSymbolicLink()
    ? 'a symbolic link'
    : existing.isDirectory()
      ? 'a folder'
      : existing.isFile()
        ? undefined
        : 'a device or other special file';
  if (what !== undefined) throw new UserError(`${path} is ${what}: Folio writes only regular files, and never replaces anything else; choose another path`);
  if (!force) throw new UserError(`${path} already exists: give --force to replace it`);
}
