// `npx folio` in a checkout runs the checkout's own CLI: with the registry unreachable and an empty
// npx cache (as in a fresh clone), it neither asks the registry nor rebuilds Folio.
import { execFile } from 'node:child_process';
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from '../../framework/package-root.js';
import { REPO_ROOT, workspace } from '../helpers/cli.js';
import { isolatedEnv } from '../helpers/isolated-env.js';

const run = promisify(execFile);

/** npm with its own empty cache (so npx starts afresh) and a registry address that refuses connections. */
function offlineNpm(): NodeJS.ProcessEnv {
  const home = workspace();
  return isolatedEnv({ npm_config_cache: join(home, 'npm-cache'), npm_config_registry: 'http://127.0.0.1:9', npm_config_update_notifier: 'false', npm_config_yes: 'true' });
}

describe('npx folio in a checkout', () => {
  it('runs the checkout\'s CLI without the registry, the first time too', async () => {
    const env = offlineNpm();
    const { stdout, stderr } = await run('npx', ['folio', '--version'], { cwd: REPO_ROOT, env });
    expect(stdout).toMatch(/^folio \d+\.\d+\.\d+\n$/);
    expect(stderr).not.toMatch(/ERR|ECONNREFUSED/);
    // npx linked the checkout into its cache under Folio's own (scoped) name, not the registry's "folio".
    const npxDir = join(env.npm_config_cache!, '_npx');
    const linked = readdirSync(npxDir).map((hash) => join(npxDir, hash, 'node_modules', PACKAGE_NAME));
    expect(linked.map((path) => realpathSync(path))).toEqual([realpathSync(REPO_ROOT)]);
  }, 120_000);

  it('the prepare script that npx runs on the linked checkout leaves a built checkout alone', async () => {
    const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'scripts/prepare.mjs')], { cwd: REPO_ROOT, env: { ...process.env, npm_command: 'exec' } });
    expect(stdout).toBe('folio: already built (npx links this checkout; npm ci or npm run build rebuilds it)\n');
  });

  it('the package has a scoped name and keeps the folio command', async () => {
    const manifest = (await import(join(REPO_ROOT, 'package.json'), { with: { type: 'json' } })) as { default: { name: string; bin: Record<string, string> } };
    expect(manifest.default.name).toBe(PACKAGE_NAME);
    expect(PACKAGE_NAME).toMatch(/^@[a-z0-9-]+\/folio$/);
    expect(Object.keys(manifest.default.bin)).toEqual(['folio']);
  });
});
