// docs/components.md cannot rot: its files (code blocks headed with a file name) are written into
// a project that depends on folio, type-checked, listed, and trained for a few steps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, REPO_ROOT } from '../helpers/cli.js';
import { DOC_PROJECT_TSCONFIG, namedBlocks } from '../helpers/doc-files.js';
import { userProject } from '../helpers/folio-project.js';
import { writeFile } from '../helpers/temp.js';
import { typeErrors } from '../helpers/typecheck.js';

// The docs' configs train on Tiny Shakespeare; tests have no network, so they train on a small file.
const OFFLINE = ['--set', 'dataset={type: text-file, path: corpus.txt}', '--set', 'backend=wasm'];
const BRIEF = ['--set', 'train.max_iters=6', '--set', 'train.eval_interval=0', '--set', 'train.eval_iters=1', '--set', 'sample.tokens=20'];

describe('docs/components.md', () => {
  const files = namedBlocks(readFileSync(join(REPO_ROOT, 'docs/components.md'), 'utf8'));
  const configs = Object.keys(files).filter((name) => name.endsWith('.yaml'));

  it('has the walkthrough files', () => {
    expect(Object.keys(files).sort()).toEqual(['components/lowercase.ts', 'components/squared-relu.ts', 'lowercase.yaml', 'squared-relu.yaml']);
  });

  it('its components type-check against the public API, are listed with their files, and each config trains', async () => {
    const dir = userProject(files);
    writeFile(dir, 'tsconfig.json', DOC_PROJECT_TSCONFIG);
    expect(typeErrors(dir)).toBe('');

    const listed = await folio(['components', '--config', 'lowercase.yaml', '--json'], { cwd: dir });
    const mine = (JSON.parse(listed.stdout) as { type: string; source?: string }[]).filter((c) => c.source !== undefined);
    expect(mine.map((c) => [c.type, c.source])).toEqual([
      ['lowercase', 'components/lowercase.ts'],
      ['squared-relu', 'components/squared-relu.ts'],
    ]);

    for (const config of configs) {
      const run = await folio(['run', config, '--plain', ...OFFLINE, ...BRIEF], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/run \d+ completed after 6 steps/);
    }
  });

  it("the squared-relu check refuses a hidden width below n_embd at the key's position", async () => {
    const dir = userProject(files);
    const result = await folio(['validate', 'squared-relu.yaml', '--set', 'model.feedforward.hidden=32'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "folio: --set model.feedforward.hidden=32: hidden 32 is narrower than the model's n_embd 64: a bottleneck, not a feed-forward\n",
    );
  });
});
