// Arguments of the store-reading commands (`folio runs`, `folio sweeps`): their subcommands, their
// common flags, and ids, all explained against the command's usage line when they are wrong.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, type CommandIO } from './io.js';

export type Subcommand = (argv: string[], io: CommandIO) => Promise<number>;

/**
 * Runs `folio <command> <subcommand> ...`. Plain `folio <command>` (or one with only flags) lists;
 * `ls` is `list`; a bare number is taken for a mistyped `show <id>`.
 */
export function dispatchSubcommand(
  command: string,
  argv: string[],
  io: CommandIO,
  usage: string,
  subcommands: { list: Subcommand; show: Subcommand } & Record<string, Subcommand>,
): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || (subcommand.startsWith('-') && subcommand !== '-h' && subcommand !== '--help')) {
    return subcommands.list(argv, io);
  }
  if (subcommand === 'help' || subcommand === '-h' || subcommand === '--help') {
    io.stdout.write(`usage: ${usage}\n`);
    return Promise.resolve(0);
  }
  const name = subcommand === 'ls' ? 'list' : subcommand;
  const run = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (run !== undefined) return run(rest, io);
  if (/^\d+$/.test(subcommand)) throw new UserError(`unknown subcommand "${subcommand}"; did you mean: folio ${command} show ${subcommand}\nusage: ${usage}`);
  throw new UserError(`unknown subcommand "${subcommand}" (expected ${orList(Object.keys(subcommands))})\nusage: ${usage}`);
}

/** The flags every subcommand of a store-reading command takes. */
const commonOptions = {
  json: { type: 'boolean', default: false },
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Parses a subcommand's arguments (the common flags plus `extra`), explaining mistakes with
 * `usage`. On --help it prints the usage and returns undefined: the caller then exits 0.
 */
export function parseSubcommand<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], usage: string, io: CommandIO, extra: O) {
  const parsed = parseOrExplain(usage, () =>
    parseArgs({ args: argv, strict: true, allowPositionals: true, options: { ...commonOptions, ...extra } }),
  );
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(`usage: ${usage}\n`);
    return undefined;
  }
  return parsed;
}

/** An id or count given on the command line: "12" or "#12". */
export function positiveInteger(text: string, what: string, usage: string): number {
  const trimmed = text.trim().replace(/^#/, '');
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
    throw new UserError(`${what} must be a positive whole number, got "${text}"\nusage: ${usage}`);
  }
  return value;
}

function parseOrExplain<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') && error instanceof Error) {
      // Node's wording for an unknown flag goes on about positionals; name the flag instead.
      const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(error.message)?.[1] : undefined;
      throw new UserError(`${unknown === undefined ? error.message : `unknown option ${unknown}`}\nusage: ${usage}`);
    }
    throw error;
  }
}

/** "list or show", "list, show or resume". */
function orList(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
