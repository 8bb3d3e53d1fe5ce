// Fetch a file once into the cache directory, verified by SHA-256, for dataset components.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ComponentInputError } from '../../framework/registry/index.js';

export interface CachedFile {
  url: string;
  /** File name inside the cache directory. */
  fileName: string;
  sha256: string;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The file's text: from the cache when present and intact, else downloaded and verified. */
export async function cachedDownload(file: CachedFile, cacheDir: string): Promise<{ text: string; path: string }> {
  const path = join(cacheDir, file.fileName);
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    if (sha256Of(bytes) === file.sha256) return { text: bytes.toString('utf8'), path };
    throw new ComponentInputError(
      `${path} does not match the expected SHA-256 ${file.sha256}; delete it to download again, or put the right file there`,
    );
  }
  const bytes = await download(file, path);
  const actual = sha256Of(bytes);
  if (actual !== file.sha256) {
    throw new ComponentInputError(`${file.url} sent a file with SHA-256 ${actual}, expected ${file.sha256}; nothing was cached`);
  }
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so an interrupted download never leaves a half file in the cache.
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
  return { text: new TextDecoder().decode(bytes), path };
}

async function download(file: CachedFile, path: string): Promise<Uint8Array> {
  const offline = () =>
    new ComponentInputError(
      `could not download ${file.url}. Without network, put the file at ${path} ` +
        `(or set FOLIO_CACHE to a directory holding ${file.fileName})`,
    );
  let response: Response;
  try {
    response = await fetch(file.url, { signal: AbortSignal.timeout(60_000) });
  } catch {
    throw offline();
  }
  if (!response.ok) {
    throw new ComponentInputError(`downloading ${file.url} failed: HTTP ${response.status}. Or put the file at ${path}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
