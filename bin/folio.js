#!/usr/bin/env node
// Entry point of `npx folio`: runs the compiled CLI (built by `npm ci` through the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/framework/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('folio: not built yet; run `npm ci` (or `npm run build`) in the folio directory first\n');
  process.exit(2);
}
const { main } = await import(entry.href);
const { processIO } = await import(new URL('../dist/framework/cli/io.js', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2), processIO());
