// folio completion bash|zsh|fish: a shell script that completes folio's commands, their options,
// run and sweep ids (read from the store as you type) and config key paths for --set.
// Everything it offers comes from the commands' declarations, so a new option completes at once.
import { builtinRegistry } from '../../../components/index.js';
import { configKeyPaths } from '../../config/key-paths.js';
import { buildConfigSchema } from '../../config/schema.js';
import { StoreReader } from '../../tracking/store-reader.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import {
  expectPositionals,
  mistake,
  optionsOf,
  parseCommand,
  usageLine,
  type CommandDeclaration,
  type CommandGroup,
  type CompletionSource,
} from '../args.js';
import type { CommandIO } from '../io.js';
import { STORE_OPTION } from '../common-options.js';
import { bashScript, fishScript, zshScript, type CompletionTable } from './completion-scripts.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export const completionDeclaration = {
  name: 'completion',
  summary: 'a shell completion script: commands, options, run ids, config files and --set keys',
  positionals: [{ name: '<bash|zsh|fish>', complete: 'none' }],
  options: {
    list: { kind: 'string', choices: ['run-ids', 'sweep-ids', 'config-keys'], help: 'print the candidates of one kind, one per line (the scripts call this)' },
    ...STORE_OPTION,
  },
  notes: [
    'bash: add   source <(folio completion bash)   to ~/.bashrc',
    'zsh:  add   source <(folio completion zsh)    to ~/.zshrc',
    'fish: run   folio completion fish > ~/.config/fish/completions/folio.fish',
  ],
} as const satisfies CommandDeclaration;

export const completionUsage = usageLine(completionDeclaration);

export async function completionCommand(
  argv: string[],
  io: CommandIO,
  declarations: () => Promise<(CommandDeclaration | CommandGroup)[]>,
): Promise<number> {
  const parsed = parseCommand(completionDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  if (values.list !== undefined) {
    expectPositionals(completionDeclaration, positionals, 0, 'no shell with --list');
    io.stdout.write(candidates(values.list, values.store, io).map((line) => `${line}\n`).join(''));
    return 0;
  }
  expectPositionals(completionDeclaration, positionals, 1, 'a shell: bash, zsh or fish');
  const shell = positionals[0]!;
  if (!(SHELLS as readonly string[]).includes(shell)) throw mistake(completionDeclaration, `no completion for "${shell}"; shells: ${SHELLS.join(', ')}`);
  const table = completionTable(await declarations());
  const script = shell === 'bash' ? bashScript(table) : shell === 'zsh' ? zshScript(table) : fishScript(table);
  io.stdout.write(script);
  return 0;
}

/** Run ids, sweep ids (newest first) or config key paths; nothing (not an error) where there is no store. */
function candidates(kind: string, storeFlag: string | undefined, io: CommandIO): string[] {
  if (kind === 'config-keys') return configKeys();
  const reader = StoreReader.open(resolveStorePath(storeFlag, io));
  if (reader === undefined) return [];
  try {
    return kind === 'run-ids' ? reader.runs().map((run) => String(run.id)) : reader.listSweeps().map((sweep) => String(sweep.id));
  } finally {
    reader.close();
  }
}

function configKeys(): string[] {
  return configKeyPaths(buildConfigSchema(builtinRegistry())).sort();
}

/** What a script needs to know of one command line `folio <words>`. */
function entryOf(words: string, declaration: CommandDeclaration) {
  const options = Object.entries(optionsOf(declaration)).map(([name, option]) => ({
    flags: [`--${name}`, ...(option.short === undefined ? [] : [`-${option.short}`])],
    takesValue: option.kind !== 'boolean',
    values: option.complete ?? (option.choices === undefined ? ('none' as CompletionSource) : { words: option.choices }),
    help: option.help,
  }));
  return { words, summary: declaration.summary, options, positional: declaration.positionals[0]?.complete ?? ('none' as CompletionSource) };
}

export function completionTable(declarations: (CommandDeclaration | CommandGroup)[]): CompletionTable {
  const commands = declarations.flatMap((declaration) =>
    'subcommands' in declaration
      ? Object.values(declaration.subcommands).map((sub) => entryOf(sub.name, sub))
      : [entryOf(declaration.name, declaration)],
  );
  const groups = declarations.filter((d): d is CommandGroup => 'subcommands' in d).map((group) => ({ name: group.name, summary: group.summary, subcommands: Object.keys(group.subcommands) }));
  const tops = declarations.map((d) => ({ name: d.name, summary: d.summary }));
  return { tops, groups, commands, configKeys: configKeys() };
}
