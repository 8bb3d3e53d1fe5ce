// Reading a config (or sweep) file's text: a clear reason when it cannot be read, and a size limit.
import { readFile, stat } from 'node:fs/promises';

/**
 * A config is a few KB. Past this a file is not one (a dataset named by mistake, a generated
 * monster), and is refused before YAML parses it: the parser's duplicate-key check grows with the
 * square of the keys, so a few MB of keys would take minutes.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;


/** The file's text, or why it cannot be used as a config. */
export async function readConfigFileText(path: string): Promise<string | { reason: string }> {
  try {
    const { size } = await stat(path);
    if (size > MAX_CONFIG_BYTES) {
      return { reason: `it is ${(size / 1024).toFixed(0)} KiB, and a config is at most ${MAX_CONFIG_BYTES / 1024} KiB: is it the right file?` };
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    return { reason: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  switch ((error as { code?: unknown }).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
