// folio completion: the bash script loads, and completes commands, options, run ids from the
// store, config files and --set keys; zsh and fish get the same table.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../framework/tracking/store.js';
import { isolatedEnv } from '../helpers/isolated-env.js';
import { FOLIO_BIN, folio, workspace } from '../helpers/cli.js';

const run = promisify(execFile);

/** A project with two recorded runs and a config, and a `folio` on its PATH (as npm's bin link gives). */
function project(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = workspace({ 'tiny.yaml': 'name: tiny\n', 'notes.txt': 'not a config\n' });
  const store = RunStore.open(join(dir, 'runs/folio.db'));
  for (const name of ['first', 'second']) store.createRun({ name, config: { name }, configHash: 'h', seed: 1, backend: 'cpu' });
  store.close();
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/folio'), `#!/bin/sh\nexec "${process.execPath}" "${FOLIO_BIN}" "$@"\n`);
  chmodSync(join(dir, 'bin/folio'), 0o755);
  return { dir, env: isolatedEnv({ PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, FOLIO_CACHE: join(dir, 'cache') }) };
}

/** What bash completes for each command line (its last word being completed). */
async function complete(dir: string, env: NodeJS.ProcessEnv, lines: string[][]): Promise<string[]> {
  const calls = lines.map((words) => `comp ${words.map((w) => `'${w}'`).join(' ')}`).join('\n');
  const script = `source <(folio completion bash) || exit 9
comp() { COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _folio; echo "\${COMPREPLY[*]}"; }
${calls}`;
  const { stdout, stderr } = await run('bash', ['-c', script], { cwd: dir, env });
  expect(stderr).toBe('');
  // Files come in the folder's order; compare the candidates as sets.
  return stdout.split('\n').slice(0, lines.length).map((line) => line.split(' ').sort().join(' '));
}

describe('folio completion', () => {
  it('bash: the script loads', async () => {
    const { dir, env } = project();
    const { stdout, stderr } = await run('bash', ['-c', 'source <(folio completion bash) && complete -p folio'], { cwd: dir, env });
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('complete -F _folio folio');
  });

  it('bash: completes commands, subcommands, options, run ids, config files and --set keys', async () => {
    const { dir, env } = project();
    const got = await complete(dir, env, [
      ['folio', 'sa'],
      ['folio', 'runs', ''],
      ['folio', 'run', '--s'],
      ['folio', 'run', ''],
      ['folio', 'sample', ''],
      ['folio', 'run', 'tiny.yaml', '--set', 'model.n_la'],
      ['folio', 'runs', 'list', '--status', 'cr'],
      ['folio', 'completion', ''],
    ]);
    expect(got).toEqual(['sample', 'list rm show', '--set --store', 'bin runs tiny.yaml', '1 2', 'model.n_layer=', 'crashed', '']);
  });

  it('zsh and fish scripts carry every command', async () => {
    const cwd = workspace();
    const [zsh, fish] = await Promise.all([folio(['completion', 'zsh'], { cwd }), folio(['completion', 'fish'], { cwd })]);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain('complete -F _folio folio');
    expect(fish.code).toBe(0);
    for (const command of ['run', 'resume', 'sample', 'runs', 'gc', 'completion']) expect(fish.stdout).toContain(` -a ${command} -d `);
    expect(fish.stdout).toContain('complete -c folio -n "__fish_seen_subcommand_from runs; and __fish_seen_subcommand_from rm" -l yes -s y');
  });

  it('refuses a shell it does not know', async () => {
    const cwd = workspace();
    const tcsh = await folio(['completion', 'tcsh'], { cwd });
    expect(tcsh.code).toBe(2);
    expect(tcsh.stderr).toMatch(/^folio: no completion for "tcsh"; shells: bash, zsh, fish/);
  });
});
