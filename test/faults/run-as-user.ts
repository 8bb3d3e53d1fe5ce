// The built `folio` command run as an ordinary user: root ignores file permissions, so where the
// tests run as root a read-only file or folder is only read-only to another user (nobody, 65534).
import { spawn } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { FOLIO_BIN, type CliResult } from '../helpers/cli.js';
import { isolatedEnv } from '../helpers/isolated-env.js';

const NOBODY = 65534;
export const RUNS_AS_ROOT = process.getuid?.() === 0;

/** Runs folio in `cwd` as nobody when this process is root (making `cwd` reachable to it), else as this user. */
export function folioAsUser(args: string[], cwd: string): Promise<CliResult> {
  if (RUNS_AS_ROOT) chmodSync(cwd, 0o755); // a temp folder is private to its owner
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FOLIO_BIN, ...args], {
      cwd,
      env: isolatedEnv({ FOLIO_CACHE: join(cwd, 'cache'), HOME: cwd }),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(RUNS_AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
