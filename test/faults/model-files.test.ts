// Files that come and go with models: `folio export -o` writes only regular files (an existing one
// only with --force), and `folio import` runs no code that a shared sidecar names without --trust-imports.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, tinyCorpus, TINY_CONFIG } from '../helpers/cli.js';
import { runCount } from '../checkpoint/fixtures.js';
import { workspaceForSuite } from '../checkpoint/suite-workspace.js';

describe('folio export -o and folio import of what others made', () => {
  const dir = workspaceForSuite({ 'tiny.yaml': TINY_CONFIG.replace('max_iters: 20', 'max_iters: 5'), 'corpus.txt': tinyCorpus() });
  const exportTo = (...args: string[]) => folio(['export', '1', ...args], { cwd: dir });

  it('refuses to replace an existing file without --force, and replaces it with', async () => {
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
    expect((await exportTo('-o', 'model.safetensors')).code).toBe(0);
    writeFileSync(join(dir, 'model.safetensors'), 'mine');
    const refused = await exportTo('-o', 'model.safetensors');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`folio: ${join(dir, 'model.safetensors')} already exists: give --force to replace it\n`);
    expect(readFileSync(join(dir, 'model.safetensors'), 'utf8')).toBe('mine');
    const forced = await exportTo('-o', 'model.safetensors', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'model.safetensors')).length).toBeGreaterThan(1000);
  });

  it('never replaces a link, a folder or a special file, even with --force, and writes nothing then', async () => {
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    symlinkSync(join(dir, 'precious.txt'), join(dir, 'link.safetensors'));
    mkdirSync(join(dir, 'folder.safetensors'));
    execFileSync('mkfifo', [join(dir, 'pipe.safetensors')]);
    symlinkSync(join(dir, 'precious.txt'), join(dir, 'weights.json')); // the sidecar's place
    const cases: [string, string][] = [
      ['link.safetensors', 'a symbolic link'],
      ['folder.safetensors', 'a folder'],
      ['pipe.safetensors', 'a device or other special file'],
      ['weights.json', 'a symbolic link'],
    ];
    for (const [name, what] of cases) {
      const output = name === 'weights.json' ? 'weights.safetensors' : name;
      const refused = await exportTo('-o', output, '--force');
      expect(refused.code, name).toBe(2);
      expect(refused.stderr, name).toBe(`folio: ${join(dir, name)} is ${what}: Folio writes only regular files, and never replaces anything else; choose another path\n`);
    }
    expect(readlinkSync(join(dir, 'link.safetensors'))).toBe(join(dir, 'precious.txt'));
    expect(lstatSync(join(dir, 'pipe.safetensors')).isFIFO()).toBe(true);
    expect(existsSync(join(dir, 'weights.safetensors'))).toBe(false); // refused as a pair: nothing written
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  const MARKER = 'code-ran.txt';
  const CODE = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(dir, MARKER))}, 'ran');\nexport default [];\n`;

  /** model.json with its config's imports naming shared.mjs, and its feedforward `feedforward` type. */
  function shareWithCode(name: string, feedforward?: string): void {
    const sidecar = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { folio: { config: Record<string, unknown> & { model: Record<string, unknown> } } };
    sidecar.folio.config.imports = [join(dir, 'shared.mjs')]; // absolute: found wherever the sidecar is
    if (feedforward !== undefined) sidecar.folio.config.model.feedforward = { type: feedforward };
    writeFileSync(join(dir, 'shared.mjs'), CODE);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(sidecar));
    writeFileSync(join(dir, `${name}.safetensors`), readFileSync(join(dir, 'model.safetensors')));
  }

  it('imports leave out code the model does not need, listing it, and never run it', async () => {
    shareWithCode('plain');
    const imported = await folio(['import', 'plain.safetensors'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`left out the code that ${join(dir, 'plain.json')} names`);
    expect(imported.stderr).toContain(join(dir, 'shared.mjs'));
    expect(existsSync(join(dir, MARKER))).toBe(false);
    // Sampling the imported run later runs nothing either.
    expect((await folio(['sample', '2', '--tokens', '5'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, MARKER))).toBe(false);
  });

  it('refuses, naming the files, a model that needs the code, and runs it only with --trust-imports', async () => {
    shareWithCode('custom', 'their-feedforward');
    const before = runCount(dir);
    const refused = await folio(['import', 'custom.safetensors'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `folio: ${join(dir, 'custom.json')} names code that the model needs, and importing it would run that code:\n  ${join(dir, 'shared.mjs')}\n` +
        'read those files, then give --trust-imports to run them (nothing was recorded)\n',
    );
    expect(existsSync(join(dir, MARKER))).toBe(false);
    expect(runCount(dir)).toBe(before);
    // Trusted, the code runs (here it defines nothing, so the model's component is then unknown).
    const trusted = await folio(['import', 'custom.safetensors', '--trust-imports'], { cwd: dir });
    expect(trusted.stderr).toContain(`running the code that ${join(dir, 'custom.json')} names (--trust-imports):\n  ${join(dir, 'shared.mjs')}`);
    expect(existsSync(join(dir, MARKER))).toBe(true);
    expect(trusted.code).toBe(2);
    expect(trusted.stderr).not.toMatch(/\n\s+at /);
  });
});
