// The one argument parser of every folio command: a command declares its positionals and options
// once (name, kind, help line, checks); parsing, the --help text, the usage line in error messages
// and shell completion all come from that declaration.
import { parseArgs } from 'node:util';
import { didYouMean } from '../registry/nearest.js';
import { UserError } from '../errors.js';
import type { CommandIO } from './io.js';

/**
 * What an option holds. `positive-integer` (1, 2, ...) and `count` (0, 1, ...) are whole numbers;
 * `strings` may be given again and again (`--set a=1 --set b=2`).
 */
export type OptionKind = 'boolean' | 'string' | 'strings' | 'positive-integer' | 'count' | 'number';

export interface OptionDeclaration {
  kind: OptionKind;
  /** One line for --help. */
  help: string;
  /** What the value looks like in the usage line: PATH, N, best|latest|STEP. */
  value?: string;
  short?: string;
  default?: string | number | boolean;
  /** For `number`: the smallest value allowed. */
  min?: number;
  /** For `count` and `positive-integer`: the largest value allowed (a seed has 32 bits). */
  max?: number;
  /** For `string`: the values allowed. */
  choices?: readonly string[];
  /** What a shell completes the value with: files (of these extensions), run ids, config keys. */
  complete?: CompletionSource;
}

export type CompletionSource = { files: readonly string[] } | { words: readonly string[] } | 'run-ids' | 'sweep-ids' | 'config-keys' | 'none';

export interface PositionalDeclaration {
  /** As the usage line shows it: `<run-id>`, `<config.yaml>`, `<id>...`. */
  name: string;
  complete?: CompletionSource;
}

export interface CommandDeclaration {
  /** As typed: `run`, `runs list`. */
  name: string;
  summary: string;
  positionals: readonly PositionalDeclaration[];
  options: Readonly<Record<string, OptionDeclaration>>;
  /** Lines after the options in --help: examples, what the positionals mean. */
  notes?: readonly string[];
}

type Scalar<O extends OptionDeclaration> = O['kind'] extends 'boolean'
  ? boolean
  : O['kind'] extends 'strings'
    ? string[]
    : O['kind'] extends 'positive-integer' | 'count' | 'number'
      ? number
      : string;

/** An option's parsed value: absent only when it has no default (booleans and lists never are). */
export type OptionValue<O extends OptionDeclaration> = O['kind'] extends 'boolean' | 'strings'
  ? Scalar<O>
  : O extends { default: string | number } ? Scalar<O> : Scalar<O> | undefined;

export type OptionValues<D extends CommandDeclaration> = { -readonly [K in keyof D['options']]: OptionValue<D['options'][K]> };

export interface ParsedCommand<D extends CommandDeclaration> {
  values: OptionValues<D>;
  positionals: string[];
}

/** Every command answers --help and -h; it is declared here so no command can forget it. */
const HELP_OPTION: OptionDeclaration = { kind: 'boolean', short: 'h', help: 'show this help and exit' };

/** A declaration's options with --help. */
export function optionsOf(declaration: CommandDeclaration): Record<string, OptionDeclaration> {
  return { ...declaration.options, help: HELP_OPTION };
}

/**
 * Parses `argv` against `declaration`. On --help it prints the help and returns undefined (the
 * command then exits 0); a mistake throws a UserError that names it and lists the options.
 */
export function parseCommand<const D extends CommandDeclaration>(declaration: D, argv: string[], io: CommandIO): ParsedCommand<D> | undefined {
  const options = optionsOf(declaration);
  const { tokens } = parseArgs({
    args: argv,
    strict: false, // mistakes are explained below, in Folio's words rather than Node's
    allowPositionals: true,
    tokens: true,
    options: Object.fromEntries(
      Object.entries(options).map(([name, o]) => [name, { type: o.kind === 'boolean' ? 'boolean' : 'string', ...(o.short === undefined ? {} : { short: o.short }) }]),
    ) as Record<string, { type: 'boolean' | 'string'; short?: string }>,
  });
  const raw = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) throw unknownOption(declaration, token.rawName);
    if (option.kind === 'boolean') {
      if (token.value !== undefined) throw mistake(declaration, `${flagName(token.name)} takes no value (got "${token.value}")`);
      raw.set(token.name, ['true']);
      continue;
    }
    if (token.value === undefined) throw mistake(declaration, `${flagName(token.name)} needs a value: ${flagName(token.name)} ${placeholder(option)}`);
    raw.set(token.name, option.kind === 'strings' ? [...(raw.get(token.name) ?? []), token.value] : [token.value]);
  }
  if (raw.has('help')) {
    io.stdout.write(helpText(declaration));
    return undefined;
  }
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(declaration.options)) {
    const given = raw.get(name);
    values[name] = given === undefined ? defaultOf(option) : convert(declaration, name, option, given);
  }
  return { values: values as OptionValues<D>, positionals };
}

function defaultOf(option: OptionDeclaration): unknown {
  if (option.kind === 'boolean') return option.default ?? false;
  if (option.kind === 'strings') return [];
  return option.default;
}

function convert(declaration: CommandDeclaration, name: string, option: OptionDeclaration, given: string[]): unknown {
  const text = given.at(-1)!;
  const flag = flagName(name);
  switch (option.kind) {
    case 'boolean':
      return true;
    case 'strings':
      return given;
    case 'string':
      if (option.choices !== undefined && !option.choices.includes(text)) {
        throw mistake(declaration, `${flag} must be one of ${option.choices.join(', ')}, got "${text}"${didYouMean(text, option.choices)}`);
      }
      return text;
    case 'positive-integer':
      return wholeNumber(declaration, flag, text, 1, option.max);
    case 'count':
      return wholeNumber(declaration, flag, text, 0, option.max);
    case 'number': {
      const value = text.trim() === '' ? NaN : Number(text);
      const min = option.min ?? -Infinity;
      if (!Number.isFinite(value) || value < min) {
        throw mistake(declaration, `${flag} must be a number${min === -Infinity ? '' : ` >= ${min}`}, got "${text}"`);
      }
      return value;
    }
  }
}

function wholeNumber(declaration: CommandDeclaration, flag: string, text: string, min: 0 | 1, max: number | undefined): number {
  const value = Number(text);
  if (max !== undefined && /^\s*\d+\s*$/.test(text) && !(value <= max)) {
    throw mistake(declaration, `${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw mistake(declaration, `${flag} must be a ${min === 1 ? 'positive integer' : 'whole number (0 or more)'}, got "${text}"`);
  }
  return value;
}

function unknownOption(declaration: CommandDeclaration, rawName: string): UserError {
  const names = Object.keys(optionsOf(declaration)).map(flagName);
  const hint = rawName.startsWith('--') ? didYouMean(rawName, names) : '';
  return mistake(declaration, `unknown option ${rawName}${hint}; folio ${declaration.name} takes ${names.join(', ')}`);
}

/** A mistake in how `declaration` was called: the message, then its usage line. */
export function mistake(declaration: CommandDeclaration, message: string): UserError {
  return new UserError(`${message}\nusage: ${usageLine(declaration)}  (folio ${declaration.name} --help for more)`);
}

/** Exactly `count` positionals (named `what` in the message), or a mistake. */
export function expectPositionals(declaration: CommandDeclaration, positionals: string[], count: number, what: string): void {
  if (positionals.length === count) return;
  if (positionals.length === 0) throw mistake(declaration, `expected ${what}`);
  if (count === 0) throw mistake(declaration, `unexpected argument "${positionals[0]}"`);
  throw mistake(declaration, `expected ${what}, got ${positionals.length} arguments (${positionals.map((p) => JSON.stringify(p)).join(' ')})`);
}

/** An id given on the command line: "12" or "#12". */
export function idArgument(declaration: CommandDeclaration, text: string, what: string): number {
  const trimmed = text.trim().replace(/^#/, '');
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
    throw mistake(declaration, `${what} must be a positive whole number, got "${text}"`);
  }
  return value;
}

// ---- text from a declaration ----

export function flagName(name: string): string {
  return `--${name}`;
}

function placeholder(option: OptionDeclaration): string {
  if (option.value !== undefined) return option.value;
  if (option.choices !== undefined) return option.choices.join('|');
  return option.kind === 'positive-integer' || option.kind === 'count' ? 'N' : option.kind === 'number' ? 'X' : 'VALUE';
}

/** `folio sample <run-id> [--prompt TEXT] [--tokens N]...`: the whole call on one line. */
export function usageLine(declaration: CommandDeclaration): string {
  const parts = [`folio ${declaration.name}`, ...declaration.positionals.map((p) => p.name)];
  for (const [name, option] of Object.entries(declaration.options)) {
    const flag = option.kind === 'boolean' ? flagName(name) : `${flagName(name)} ${placeholder(option)}`;
    parts.push(option.kind === 'strings' ? `[${flag}]...` : `[${flag}]`);
  }
  return parts.join(' ');
}

/** The short form for overviews: `folio sample <run-id> [options]`. */
export function shortUsage(declaration: CommandDeclaration): string {
  const options = Object.keys(declaration.options).length > 0 ? ' [options]' : '';
  return [`folio ${declaration.name}`, ...declaration.positionals.map((p) => p.name)].join(' ') + options;
}

/** --help: usage, what the command does, one line per option, then its notes. */
export function helpText(declaration: CommandDeclaration): string {
  const rows = Object.entries(optionsOf(declaration)).map(([name, option]) => {
    const short = option.short === undefined ? '    ' : `-${option.short}, `;
    const flag = option.kind === 'boolean' ? flagName(name) : `${flagName(name)} ${placeholder(option)}`;
    const shown = option.default === undefined || option.kind === 'boolean' ? '' : ` (default ${String(option.default)})`;
    return [`${short}${flag}`, `${option.help}${option.kind === 'strings' ? ' (may be repeated)' : ''}${shown}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const lines = [`usage: ${shortUsage(declaration)}`, '', declaration.summary, '', 'options:'];
  lines.push(...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`));
  if (declaration.notes !== undefined && declaration.notes.length > 0) lines.push('', ...declaration.notes);
  return `${lines.join('\n')}\n`;
}

// ---- commands with subcommands (folio runs, folio sweeps) ----

export type Subcommand = (argv: string[], io: CommandIO) => Promise<number>;

/** A command made of subcommands: `folio runs list|show|rm`. */
export interface CommandGroup {
  name: string;
  summary: string;
  subcommands: Readonly<Record<string, CommandDeclaration>>;
}

export function groupHelp(group: CommandGroup): string {
  const lines = [`usage: folio ${group.name} <subcommand> ...`, '', group.summary, '', 'subcommands:'];
  const entries = Object.values(group.subcommands);
  const width = Math.max(...entries.map((d) => shortUsage(d).length));
  lines.push(...entries.map((d) => `  ${shortUsage(d).padEnd(width)}  ${d.summary}`));
  lines.push('', `folio ${group.name} <subcommand> --help: the options of one`);
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `folio <group> <subcommand> ...`. Plain `folio <group>` (or one with only flags) lists;
 * `ls` is `list`; a bare number is taken for a mistyped `show <id>`.
 */
export function dispatchSubcommand(
  group: CommandGroup,
  argv: string[],
  io: CommandIO,
  handlers: { list: Subcommand } & Record<string, Subcommand>,
): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === 'help' || subcommand === '-h' || subcommand === '--help') {
    io.stdout.write(groupHelp(group));
    return Promise.resolve(0);
  }
  if (subcommand === undefined || subcommand.startsWith('-')) return handlers.list(argv, io);
  const name = subcommand === 'ls' ? 'list' : subcommand;
  const run = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (run !== undefined) return run(rest, io);
  const names = Object.keys(group.subcommands).map((full) => full.split(' ').at(-1)!);
  if (/^\d+$/.test(subcommand)) throw new UserError(`unknown subcommand "${subcommand}"; did you mean: folio ${group.name} show ${subcommand}\n${groupHelp(group)}`);
  throw new UserError(`unknown subcommand "${subcommand}"${didYouMean(subcommand, names)} (expected ${orList(names)})\n${groupHelp(group)}`);
}

/** "list or show", "list, show or resume". */
function orList(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
