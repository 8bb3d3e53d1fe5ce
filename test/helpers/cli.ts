// Running the built `folio` command as a user would, in a throwaway folder.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedEnv } from './isolated-env.js';

export { workspace } from './temp.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FOLIO_BIN = join(REPO_ROOT, 'bin/folio.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to the environment, which never carries the user's FOLIO_STORE or FOLIO_CACHE. */
  env?: NodeJS.ProcessEnv;
  /** Called with each chunk of stdout, and the child, e.g. to send it a signal. */
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
}

export function folio(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [FOLIO_BIN, ...args], {
      cwd: options.cwd,
      // The store defaults to runs/folio.db under cwd; the cache goes beside it. Never the user's.
      env: isolatedEnv({ FOLIO_CACHE: join(options.cwd, 'cache'), ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export { gridSweep, tinyCorpus, TINY_CONFIG } from './tiny-project.js';
