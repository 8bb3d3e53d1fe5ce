// docs/alignment.md cannot rot: its own objective (IPO) is written into a project that depends on
// folio, type-checked against the public API, and trained after a (tiny) main job.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, REPO_ROOT } from '../helpers/cli.js';
import { DOC_PROJECT_TSCONFIG, namedBlocks } from '../helpers/doc-files.js';
import { userProject } from '../helpers/folio-project.js';
import { writeFile } from '../helpers/temp.js';
import { typeErrors } from '../helpers/typecheck.js';

// Offline and small: a text file instead of Tiny Shakespeare, one layer, a few steps.
const small = (dir: string) => ['--set', `dataset={type: text-file, path: ${dir}/corpus.txt}`, '--set', 'backend=wasm', '--set', 'model.n_layer=1', '--set', 'train.eval_iters=1', '--set', 'sample.tokens=10'];

describe('docs/alignment.md', () => {
  const files = namedBlocks(readFileSync(join(REPO_ROOT, 'docs/alignment.md'), 'utf8'));

  it("its IPO objective type-checks against the public API and trains from the main job's run", async () => {
    expect(Object.keys(files).sort()).toEqual(['components/ipo.ts', 'ipo.yaml']);
    const dir = userProject(files);
    writeFile(dir, 'tsconfig.json', DOC_PROJECT_TSCONFIG);
    expect(typeErrors(dir)).toBe('');

    const main = await folio(['run', 'node_modules/@folio-lm/folio/configs/shakespeare-char.yaml', '--plain', ...small(dir), '--set', 'train.max_iters=4', '--set', 'train.eval_interval=0'], { cwd: dir });
    expect(main.stderr).toBe('');
    const ipo = await folio(['run', 'ipo.yaml', '--plain', ...small(dir), '--set', 'train.max_iters=3', '--set', 'train.eval_interval=0'], { cwd: dir });
    expect(ipo.stderr).toBe('');
    expect(ipo.stdout).toMatch(/init_from: run 1 \(the newest completed shakespeare-char\)/);
    expect(ipo.stdout).toMatch(/run 2 completed after 3 steps/);
  });
});
