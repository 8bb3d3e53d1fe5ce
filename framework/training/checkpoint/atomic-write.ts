// Writing a file so that a crash at any moment leaves either the old file or the complete new one.
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `chunks` to a temporary file beside `path`, flushes it to the disk, renames it over
 * `path`, then flushes the folder so that the rename itself survives a power cut. On any
 * failure the temporary file is removed and `path` is what it was before.
 */
export async function writeFileAtomically(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  try {
    const file = await open(partial, 'w');
    try {
      for (const chunk of chunks) await writeAll(file, chunk);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => {}); // the write's error is the one to report
    throw error;
  }
  await syncFolder(dirname(path));
}

async function writeAll(file: Awaited<ReturnType<typeof open>>, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.length) {
    const { bytesWritten } = await file.write(chunk, written, chunk.length - written);
    written += bytesWritten;
  }
}

/** fsync of a folder: makes its entries (a rename) durable. Some platforms cannot open folders; there it is skipped. */
export async function syncFolder(folder: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}
