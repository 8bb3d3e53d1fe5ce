// Runs a script against the native addon in a child process: the addon sizes its thread pool
// and picks its GEMM kernel once, when it loads, so each setting needs a process of its own.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './cli.js';
import { isolatedEnv } from './isolated-env.js';

const ADDON_MODULE = pathToFileURL(join(REPO_ROOT, 'dist/framework/engine/native/addon.js')).href;

/**
 * Runs `body` as an ES module in which `addon` (the loaded addon) and `random(n)` (a seeded
 * Float32Array of n values in [-1, 1)) are defined, with `env` added to the environment;
 * returns what the script wrote to stdout, parsed as JSON.
 */
export function runWithAddon<T>(body: string, env: Record<string, string>): T {
  const script = `
import { loadAddon } from ${JSON.stringify(ADDON_MODULE)};
const { addon } = loadAddon();
let seed = 7;
const random = (n) => Float32Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
${body}`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: isolatedEnv(env), encoding: 'utf8' });
  return JSON.parse(output) as T;
}
