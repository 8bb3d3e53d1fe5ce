// Every command in folio's table answers --help and -h, and refuses a bad option in Folio's words:
// the test walks the table, so a new command cannot ship without them.
import { describe, expect, it } from 'vitest';
import { flagName, optionsOf, type CommandDeclaration } from '../../framework/cli/args.js';
import { COMMANDS, isGroup, main } from '../../framework/cli/main.js';
import { folio, workspace } from '../helpers/cli.js';
import { testIO } from '../tracking/helpers.js';

/** Every command line of the table: `run`, and for a group each `runs list`. */
async function commandLines(): Promise<{ argv: string[]; declaration: CommandDeclaration }[]> {
  const lines: { argv: string[]; declaration: CommandDeclaration }[] = [];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { declaration } = await load();
    if (isGroup(declaration)) {
      for (const [sub, subDeclaration] of Object.entries(declaration.subcommands)) lines.push({ argv: [name, sub], declaration: subDeclaration });
    } else {
      lines.push({ argv: [name], declaration });
    }
  }
  return lines;
}

/** Runs `folio ...argv` in-process in a fresh folder whose store is its own. */
async function run(argv: string[]) {
  const cwd = workspace();
  const io = testIO(cwd, { FOLIO_STORE: `${cwd}/runs/folio.db`, FOLIO_CACHE: `${cwd}/cache` });
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('the command table', async () => {
  const lines = await commandLines();

  it('holds every command a user reaches for', () => {
    expect(lines.map((line) => line.argv.join(' '))).toEqual(
      expect.arrayContaining(['run', 'resume', 'sample', 'export', 'import', 'validate', 'runs list', 'runs show', 'runs rm', 'gc', 'sweep', 'sweeps list', 'completion']),
    );
  });

  describe.each(lines.map((line) => [line.argv.join(' '), line] as const))('folio %s', (_name, { argv, declaration }) => {
    it('--help and -h print its usage and one line per option, and exit 0', async () => {
      for (const flag of ['--help', '-h']) {
        const { code, stdout, stderr } = await run([...argv, flag]);
        expect(stderr).toBe('');
        expect(code).toBe(0);
        expect(stdout.split('\n')[0]).toMatch(new RegExp(`^usage: folio ${argv.join(' ')}\\b`));
        expect(stdout).toContain(declaration.summary);
        for (const [name, option] of Object.entries(optionsOf(declaration))) {
          expect(stdout).toMatch(new RegExp(`^ +(-\\w, )?${flagName(name)}\\b.* ${escape(option.help)}`, 'm'));
        }
      }
    });

    it('refuses an unknown option, naming it and the options that exist, with exit 2 and no stack', async () => {
      const { code, stdout, stderr } = await run([...argv, '--no-such-option']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^folio: unknown option --no-such-option; folio .* takes /);
      for (const name of Object.keys(declaration.options)) expect(stderr).toContain(flagName(name));
      expect(stderr).toContain(`usage: folio ${argv.join(' ')}`);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
    });

    it('refuses a missing or negative value of each option that takes one', async () => {
      for (const [name, option] of Object.entries(declaration.options)) {
        if (option.kind === 'boolean') continue;
        const missing = await run([...argv, flagName(name)]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain(`folio: ${flagName(name)} needs a value`);
        if (option.kind === 'positive-integer') {
          const negative = await run([...argv, flagName(name), '-3']);
          expect(negative.code).toBe(2);
          expect(negative.stderr).toContain(`folio: ${flagName(name)} must be a positive integer, got "-3"`);
        }
      }
    });
  });
});

describe('folio itself', () => {
  it('--version prints the version', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^folio \d+\.\d+\.\d+/);
  });

  it('--help lists every command; an unknown command is refused with a suggestion', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toContain(`folio ${name}`);
    const typo = await run(['smaple']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^folio: unknown command "smaple" \(did you mean sample\?\)/);
  });

  it('help <command> is <command> --help', async () => {
    expect((await run(['help', 'runs', 'rm'])).stdout).toBe((await run(['runs', 'rm', '--help'])).stdout);
    expect((await run(['help', 'sample'])).stdout).toMatch(/^usage: folio sample <run-id> \[options\]/);
  });

  it('answers as a process: sample --top-k -3 is a one-line mistake, run --help exits 0', async () => {
    const cwd = workspace();
    const topK = await folio(['sample', '44', '--top-k', '-3'], { cwd });
    expect(topK.code).toBe(2);
    expect(topK.stderr.split('\n')[0]).toBe('folio: --top-k must be a positive integer, got "-3"');
    const help = await folio(['run', '--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: folio run <config.yaml> \[options\]/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
