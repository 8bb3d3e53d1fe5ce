// An export of a run that uses a user's component (examples/alibi) imports in another folder: the
// sidecar records where the component file was, import finds it there or under --imports DIR, and
// the imported run samples exactly what the source run does.
import { copyFileSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, REPO_ROOT, TINY_CONFIG } from '../helpers/cli.js';
import { userProject } from '../helpers/folio-project.js';

/** The tiny config with examples/alibi's attention instead of learned positions. */
const ALIBI_CONFIG = TINY_CONFIG.replace('name: tiny-e2e', 'name: tiny-alibi\nimports: [components/alibi-attention.ts]')
  .replace('block_size: 16', 'block_size: 16\n  positions: none')
  .replace('attention: { type: causal-self-attention, n_head: 2 }', 'attention: { type: alibi, n_head: 2 }');

const SAMPLE = ['--seed', '5', '--tokens', '40'];

describe('folio export and import of a run with an imported component', () => {
  it('imports elsewhere, finding the component where the sidecar says, and samples the same text', async () => {
    const project = userProject({ 'tiny.yaml': ALIBI_CONFIG });
    mkdirSync(join(project, 'components'));
    copyFileSync(join(REPO_ROOT, 'examples/alibi/alibi-attention.ts'), join(project, 'components/alibi-attention.ts'));
    const elsewhere = userProject({});

    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: project })).code).toBe(0);
    const exported = await folio(['export', '1', '-o', join(elsewhere, 'model.safetensors')], { cwd: project });
    expect(exported.code).toBe(0);
    const sidecar = JSON.parse(readFileSync(join(elsewhere, 'model.json'), 'utf8'));
    const source = join(project, 'components/alibi-attention.ts');
    expect(sidecar.folio.imports).toEqual([{ entry: 'components/alibi-attention.ts', relative: expect.stringMatching(/^\.\.\/.*\/components\/alibi-attention\.ts$/), absolute: source }]);

    // A shared model's code runs only when the user says so (issue 19): the refusal names the file.
    const untrusted = await folio(['import', 'model.safetensors', '--store', 'untrusted.db'], { cwd: elsewhere });
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toContain(source);
    const imported = await folio(['import', 'model.safetensors', '--trust-imports'], { cwd: elsewhere });
    expect(imported.stderr).toContain(`--trust-imports`);
    expect(imported.stderr).toContain(source);
    expect(imported.code).toBe(0);
    const [original, copy] = await Promise.all([folio(['sample', '1', ...SAMPLE], { cwd: project }), folio(['sample', '1', ...SAMPLE], { cwd: elsewhere })]);
    expect(original.code).toBe(0);
    expect(copy.stdout).toBe(original.stdout);

    // The project moves away: the recorded paths lead nowhere, and the message names them.
    const moved = `${project}-moved`;
    renameSync(project, moved);
    try {
      const lost = await folio(['import', 'model.safetensors', '--store', 'lost.db'], { cwd: elsewhere });
      expect(lost.code).toBe(2);
      expect(lost.stderr).toContain(`folio: cannot find the component file "components/alibi-attention.ts" the exported config imports (looked for ${[...new Set([resolve(elsewhere, sidecar.folio.imports[0].relative), source])].join(', ')}); give the folder that holds it with --imports DIR`);

      mkdirSync(join(elsewhere, 'mine'));
      copyFileSync(join(moved, 'components/alibi-attention.ts'), join(elsewhere, 'mine/alibi-attention.ts'));
      const found = await folio(['import', 'model.safetensors', '--imports', 'mine', '--trust-imports', '--store', 'found.db'], { cwd: elsewhere });
      expect(found.stderr).toContain(join(elsewhere, 'mine/alibi-attention.ts'));
      expect(found.code).toBe(0);
      const again = await folio(['sample', '1', ...SAMPLE, '--store', 'found.db'], { cwd: elsewhere });
      expect(again.stdout).toBe(original.stdout);
    } finally {
      renameSync(moved, project); // so the workspace is removed after the test
    }
  }, 300_000); // nine folio processes, each loading tfjs: minutes on a busy 2-core machine
});
