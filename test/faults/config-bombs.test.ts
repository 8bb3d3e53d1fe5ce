// Configs built to hurt: an alias bomb (reached through extends), an alias bomb in a --set value or
// a sweep's --param, and a file far too big to be a config. Each is refused fast with its place.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../framework/config/load.js';
import { MAX_CONFIG_BYTES } from '../../framework/config/config-text.js';
import { folio, workspace } from '../helpers/cli.js';
import { fakeRegistry, tempProject, VALID } from '../config/fixtures.js';

/** `a` holds 9 values; each next key 9 aliases of the one before: 9^10 values once expanded. */
function aliasBomb(depth = 10): string {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < depth; level++) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

async function failure(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('an alias bomb', () => {
  it('reached through extends is refused at the alias that multiplies, without expanding it', async () => {
    const project = tempProject();
    project.write('bomb.yaml', `${VALID}${aliasBomb()}`);
    project.write('child.yaml', 'extends: bomb.yaml\nname: child\n');
    const message = await failure(() => loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    // The first line whose aliases carry the count past the limit: f (9^5 values).
    const line = VALID.split('\n').length - 1 + 6;
    expect(message).toBe(`bomb.yaml:${line}:8: f[0]: aliases expand this file past 100000 values (aliases of aliases multiply); write the values out, or alias less`);
  });

  it('in a --set value is a message, not a crash', async () => {
    const project = tempProject();
    project.write('config.yaml', VALID);
    const bomb = '[&a [1,1,1,1,1,1,1,1,1], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b], [*c,*c,*c,*c,*c,*c,*c,*c,*c]]';
    const message = await failure(() => loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir, overrides: [`train.max_iters=${bomb}`] }));
    expect(message).toMatch(/--set train\.max_iters=.*Excessive alias count/);
  });

  it('gets exit 2 and no stack trace from folio validate and folio run, and nothing is recorded', async () => {
    const cwd = workspace({ 'bomb.yaml': aliasBomb(), 'child.yaml': 'extends: bomb.yaml\nname: x\n' });
    for (const command of [['validate', 'bomb.yaml'], ['validate', 'child.yaml'], ['run', 'child.yaml', '--plain']]) {
      const result = await folio(command, { cwd });
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr, command.join(' ')).toMatch(/^folio: bomb\.yaml:6:8: f\[0\]: aliases expand this file past 100000 values/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const swept = await folio(['sweep', 'child.yaml', '--param', 'seed=[&a [1,1,1,1,1,1,1,1,1], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b], [*c,*c,*c,*c,*c,*c,*c,*c,*c]]'], { cwd });
    expect(swept.code).toBe(2);
    expect(swept.stderr).not.toMatch(/\n\s+at /);
    expect((await folio(['runs', 'list'], { cwd })).stdout).toMatch(/^no runs yet/);
  });
});

describe('a file too big to be a config', () => {
  it('is refused before YAML reads it, as the config or as a parent', async () => {
    const project = tempProject();
    project.write('huge.yaml', `name: x\n${'# padding\n'.repeat(MAX_CONFIG_BYTES / 10 + 1)}`);
    project.write('child.yaml', 'extends: huge.yaml\n');
    const direct = await failure(() => loadConfig('huge.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(direct).toMatch(/^huge\.yaml: cannot read the config file: it is 256 KiB, and a config is at most 256 KiB: is it the right file\?$/);
    const parent = await failure(() => loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(parent).toMatch(/^child\.yaml:1:10: extends: cannot read "huge\.yaml" \(huge\.yaml\): it is 256 KiB/);
  });
});
