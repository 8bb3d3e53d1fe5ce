// examples/: each custom component (an attention, an optimizer, a dataset) trains a few steps
// through its own config and the public `folio` import, and type-checks as a user's project.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, REPO_ROOT, workspace } from '../helpers/cli.js';
import { typeErrors } from '../helpers/typecheck.js';
import { writeFile } from '../helpers/temp.js';

const SMALL = [
  '--set', 'backend=wasm',
  '--set', 'model.n_layer=1', '--set', 'model.n_embd=16', '--set', 'model.block_size=16',
  '--set', 'train.batch_size=4', '--set', 'train.max_iters=8', '--set', 'train.eval_interval=0', '--set', 'train.eval_iters=1',
  '--set', 'sample.tokens=20',
];

function trains(config: string, extra: string[] = []) {
  const dir = workspace();
  // The examples' own configs, from a folder of the test's: their imports resolve from the config file.
  return folio(['run', join(REPO_ROOT, config), '--plain', '--store', join(dir, 'runs/folio.db'), ...SMALL, ...extra], { cwd: dir });
}

describe('examples', () => {
  it('type-check against the public API', () => {
    expect(typeErrors(join(REPO_ROOT, 'examples'))).toBe('');
  });

  it.each([
    ['examples/alibi/alibi.yaml', 'ALiBi attention'],
    ['examples/lion/lion.yaml', 'the Lion optimizer'],
  ])('%s trains with %s', async (config) => {
    const dir = workspace();
    const corpus = writeFile(dir, 'corpus.txt', 'All the world is a stage, and all the men and women merely players.\n'.repeat(30));
    const result = await trains(config, ['--set', `dataset={type: text-file, path: ${corpus}}`]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/run 1 completed after 8 steps on wasm/);
  });

  it('examples/text-folder/text-folder.yaml trains on its folder of texts', async () => {
    const result = await trains('examples/text-folder/text-folder.yaml');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/run 1 completed after 8 steps on wasm/);
  });

  it("the ALiBi check refuses learned positions, at the model's attention", async () => {
    const result = await folio(['validate', join(REPO_ROOT, 'examples/alibi/alibi.yaml'), '--set', 'model.positions=learned'], { cwd: workspace() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/alibi\.yaml:\d+:\d+: model\.attention: ALiBi brings its own positions: set the model's positions: none \(it is learned\)\n$/);
  });
});
