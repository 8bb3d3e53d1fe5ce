#!/usr/bin/env node
// Builds the native engine with node-gyp during `npm ci` (the prepare script). A machine without
// a C++ toolchain still installs: Folio then runs on wasm and says so once when a run starts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** node-gyp as npm runs it for dependencies: npm's own copy, else one on the PATH. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return [process.execPath, process.env.npm_config_node_gyp];
  try {
    const npmDir = dirname(createRequire(import.meta.url).resolve('npm/package.json', { paths: [join(dirname(process.execPath), '../lib/node_modules')] }));
    const script = join(npmDir, 'node_modules/node-gyp/bin/node-gyp.js');
    if (existsSync(script)) return [process.execPath, script];
  } catch {
    // fall through to the PATH
  }
  return ['node-gyp'];
}

if (process.env.FOLIO_SKIP_NATIVE) {
  console.log('folio: FOLIO_SKIP_NATIVE is set; not building the native engine (runs will use wasm)');
  process.exit(0);
}
const [command, ...prefix] = nodeGyp();
const result = spawnSync(command, [...prefix, 'rebuild', '--release', '--directory', here], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (result.status === 0) {
  console.log('folio: built the native engine');
} else {
  const lines = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n');
  const errors = lines.filter((line) => /error|not found|No such/i.test(line) && !line.startsWith('gyp ERR!'));
  const output = (errors.length > 0 ? errors : lines.filter(Boolean).slice(-3)).slice(0, 3).join('\n  ');
  console.log(`folio: the native engine did not build (runs will use wasm):\n  ${result.error?.message ?? output}`);
}
