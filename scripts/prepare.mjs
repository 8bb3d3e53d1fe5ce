#!/usr/bin/env node
// npm's prepare script: compiles Folio and builds its native engine (`npm ci`, `npm install`).
//
// `npx folio` in a checkout also runs it: npm 11's npx finds the `folio` bin in the current
// folder's package.json and links the folder into its npx cache (~/.npm/_npx/<hash>/), running
// the linked package's prepare script the first time, which rebuilt everything (minutes). A
// checkout that `npm ci` already built needs none of that to run its CLI, so under npx it is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = existsSync(join(root, 'dist/framework/cli/main.js'));

if (process.env.npm_command === 'exec' && built) {
  console.log('folio: already built (npx links this checkout; npm ci or npm run build rebuilds it)');
  process.exit(0);
}

/** Runs a Node script of the build, stopping the prepare script where it fails. */
function node(script, ...args) {
  const result = spawnSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

node('node_modules/typescript/bin/tsc', '-p', '.');
node('node_modules/typescript/bin/tsc', '-p', 'tsconfig.api.json');
node('framework/engine/native/build.mjs');
