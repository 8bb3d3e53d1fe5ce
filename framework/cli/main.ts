// The folio command: dispatches to one small file per command; the only place that decides exit codes.
import { didYouMean } from '../registry/nearest.js';
import { folioVersion } from '../package-root.js';
import { shortUsage, type CommandDeclaration, type CommandGroup } from './args.js';
import { UserMistake } from '../errors.js';
import type { CommandIO } from './io.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

/** A command as loaded: what it does, and its declaration (options, or subcommands). */
export interface LoadedCommand {
  run: Command;
  declaration: CommandDeclaration | CommandGroup;
}

/**
 * Every command, loaded on use: a command's modules (tfjs, Ink, SQLite, ajv) load only when it
 * runs. A new command goes here; test/cli/command-table.test.ts then checks its --help and that
 * it refuses an unknown option.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<LoadedCommand>>> = {
  run: async () => import('./commands/run.js').then((m) => ({ run: m.runCommand, declaration: m.runDeclaration })),
  resume: async () => import('./commands/resume.js').then((m) => ({ run: m.resumeCommand, declaration: m.resumeDeclaration })),
  sample: async () => import('./commands/sample.js').then((m) => ({ run: m.sampleCommand, declaration: m.sampleDeclaration })),
  export: async () => import('./commands/export.js').then((m) => ({ run: m.exportCommand, declaration: m.exportDeclaration })),
  import: async () => import('./commands/import.js').then((m) => ({ run: m.importCommand, declaration: m.importDeclaration })),
  validate: async () => import('./commands/validate.js').then((m) => ({ run: m.validateCommand, declaration: m.validateDeclaration })),
  runs: async () => import('./commands/runs.js').then((m) => ({ run: m.runsCommand, declaration: m.runsDeclaration })),
  gc: async () => import('./commands/gc.js').then((m) => ({ run: m.gcCommand, declaration: m.gcDeclaration })),
  sweep: async () => import('./commands/sweep.js').then((m) => ({ run: m.sweepCommand, declaration: m.sweepDeclaration })),
  sweeps: async () => import('./commands/sweeps.js').then((m) => ({ run: m.sweepsCommand, declaration: m.sweepsDeclaration })),
  worker: async () => import('./commands/worker.js').then((m) => ({ run: m.workerCommand, declaration: m.workerDeclaration })),
  dashboard: async () => import('./commands/dashboard.js').then((m) => ({ run: m.dashboardCommand, declaration: m.dashboardDeclaration })),
  compare: async () => import('./commands/compare.js').then((m) => ({ run: m.compareCommand, declaration: m.compareDeclaration })),
  components: async () => import('./commands/components.js').then((m) => ({ run: m.componentsCommand, declaration: m.componentsDeclaration })),
  schema: async () => import('./commands/schema.js').then((m) => ({ run: m.schemaCommand, declaration: m.schemaDeclaration })),
  report: async () => import('./commands/report.js').then((m) => ({ run: m.reportCommand, declaration: m.reportDeclaration })),
  // Completion describes every command, so it is handed the table rather than importing this file.
  completion: async () =>
    import('./commands/completion.js').then((m) => ({ run: (argv, io) => m.completionCommand(argv, io, loadDeclarations), declaration: m.completionDeclaration })),
};

/** Every command's declaration, in the table's order (this loads every command). */
export async function loadDeclarations(): Promise<(CommandDeclaration | CommandGroup)[]> {
  return Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).declaration));
}

export function isGroup(declaration: CommandDeclaration | CommandGroup): declaration is CommandGroup {
  return 'subcommands' in declaration;
}

/** The overview: each command's usage and what it does. */
export async function usage(): Promise<string> {
  const lines: string[] = [];
  for (const declaration of await loadDeclarations()) {
    if (isGroup(declaration)) {
      for (const sub of Object.values(declaration.subcommands)) lines.push(`  ${shortUsage(sub)}`, `      ${sub.summary}`);
    } else {
      lines.push(`  ${shortUsage(declaration)}`, `      ${declaration.summary}`);
    }
  }
  return (
    `usage: folio <command> [options]      (folio <command> --help: its options)\n\n${lines.join('\n')}\n\n` +
    'also: folio --version, folio --help\nenvironment: FOLIO_STORE (run database), FOLIO_CACHE (dataset cache)\n'
  );
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  // `folio help run` is `folio run --help`.
  if (argv[0] === 'help' && argv[1] !== undefined && Object.hasOwn(COMMANDS, argv[1])) return main([...argv.slice(1, 3).filter((w) => !w.startsWith('-')), '--help'], io);
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(await usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`folio ${folioVersion()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    const what = name.startsWith('-') ? `unknown option ${name} (folio takes --help and --version before a command)` : `unknown command "${name}"${didYouMean(name, Object.keys(COMMANDS))}`;
    io.stderr.write(`folio: ${what}\n\n${await usage()}`);
    return 2;
  }
  try {
    return await (await load()).run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** User mistakes (every area's errors extend UserMistake) get their message alone and their exit code; anything else is a bug and shows its stack. */
function reportError(error: unknown, io: CommandIO): number {
  if (error instanceof UserMistake) {
    io.stderr.write(`folio: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr.write(`folio: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
