// Every config and sweep file the project ships is valid, so that the README's commands work.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../components/index.js';
import { loadConfig } from '../../framework/config/load.js';
import { loadSweepFile } from '../../framework/sweep/spec.js';
import { validatePoints } from '../../framework/sweep/validate-points.js';
import { REPO_ROOT } from '../helpers/cli.js';

const yamlIn = (dir: string): string[] =>
  readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlIn(path);
    return entry.name.endsWith('.yaml') ? [path] : [];
  });

describe('shipped files', () => {
  it.each([...yamlIn('configs'), ...yamlIn('examples')])('%s is a valid config', async (file) => {
    const resolved = await loadConfig(file, { registry: builtinRegistry(), cwd: REPO_ROOT });
    expect(resolved.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(yamlIn('experiments'))('%s is a valid sweep, every point of it', async (file) => {
    const registry = builtinRegistry();
    const spec = await loadSweepFile(file, { cwd: REPO_ROOT });
    await expect(validatePoints(spec, { registry, cwd: REPO_ROOT })).resolves.toBeUndefined();
  });
});
