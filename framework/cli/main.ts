// The folio command: dispatches to one small file per command; the only place that decides exit codes.
import { UserError, type CommandIO } from './io.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

interface CommandEntry {
  /** Loaded on use: a command's modules (tfjs, Ink, SQLite, ajv) load only when it runs. */
  load: () => Promise<{ run: Command; usage: string }>;
  summary: string;
}

const COMMANDS: Record<string, CommandEntry> = {
  run: {
    load: async () => import('./commands/run.js').then((m) => ({ run: m.runCommand, usage: m.runUsage })),
    summary: 'train one experiment; live view on a terminal, plain lines otherwise',
  },
  resume: {
    load: async () => import('./commands/resume.js').then((m) => ({ run: m.resumeCommand, usage: m.resumeUsage })),
    summary: 'continue an interrupted, crashed or failed run from its newest checkpoint; --set extends a finished one',
  },
  sample: {
    load: async () => import('./commands/sample.js').then((m) => ({ run: m.sampleCommand, usage: m.sampleUsage })),
    summary: 'generate text from a run\'s checkpoint, streamed; the same seed gives the same text',
  },
  export: {
    load: async () => import('./commands/export.js').then((m) => ({ run: m.exportCommand, usage: m.exportUsage })),
    summary: "a run's weights under nanoGPT's tensor names and layouts, with a JSON sidecar (vocabulary, GPTConfig)",
  },
  import: {
    load: async () => import('./commands/import.js').then((m) => ({ run: m.importCommand, usage: m.importUsage })),
    summary: 'a run made from exported weights: sample it, or fine-tune from it with init_from',
  },
  validate: {
    load: async () => import('./commands/validate.js').then((m) => ({ run: m.validateCommand, usage: m.validateUsage })),
    summary: 'check a config, or every point of a sweep file, without training',
  },
  runs: {
    load: async () => import('./commands/runs.js').then((m) => ({ run: m.runsCommand, usage: m.runsUsage })),
    summary: 'what the store recorded',
  },
  sweep: {
    load: async () => import('./commands/sweep.js').then((m) => ({ run: m.sweepCommand, usage: m.sweepUsage })),
    summary: 'a hyperparameter sweep, trials in parallel processes (or on workers, --queue); the same command again resumes it',
  },
  sweeps: {
    load: async () => import('./commands/sweeps.js').then((m) => ({ run: m.sweepsCommand, usage: m.sweepsUsage })),
    summary: 'recorded sweeps, their points ranked, the best config as YAML',
  },
  worker: {
    load: async () => import('./commands/worker.js').then((m) => ({ run: m.workerCommand, usage: m.workerUsage })),
    summary: 'runs the trials of sweeps started elsewhere with folio sweep --queue, until stopped',
  },
  dashboard: {
    load: async () => import('./commands/dashboard.js').then((m) => ({ run: m.dashboardCommand, usage: m.dashboardUsage })),
    summary: 'the terminal dashboard: browse runs, watch live ones, compare them, see sweeps',
  },
  compare: {
    load: async () => import('./commands/compare.js').then((m) => ({ run: m.compareCommand, usage: m.compareUsage })),
    summary: 'runs side by side: metrics, the config keys that differ, a val-loss chart',
  },
  report: {
    load: async () => import('./commands/report.js').then((m) => ({ run: m.reportCommand, usage: m.reportUsage })),
    summary: 'a sweep, or runs side by side, as one self-contained HTML page to send (charts as SVG; --format png or json)',
  },
  components: {
    load: async () => import('./commands/components.js').then((m) => ({ run: m.componentsCommand, usage: m.componentsUsage })),
    summary: 'the registered components and their params, with those a config imports',
  },
  schema: {
    load: async () => import('./commands/schema.js').then((m) => ({ run: m.schemaCommand, usage: m.schemaUsage })),
    summary: 'JSON Schema of a config, for editors (with a config\'s imported components)',
  },
};

/** Every command's usage line and summary (this loads every command). */
export async function usage(): Promise<string> {
  // A command's usage is written to follow "usage: "; here each of its lines starts the entry's column.
  const entry = async (c: CommandEntry) => `  ${(await c.load()).usage.replace(/\n\s+/g, '\n  ')}\n    ${c.summary}`;
  const lines = await Promise.all(Object.values(COMMANDS).map(entry));
  return `usage: folio <command> ...\n\n${lines.join('\n')}\n\nenvironment: FOLIO_STORE (run database), FOLIO_CACHE (dataset cache)\n`;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(await usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`folio: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** User mistakes get their message alone and exit 2; anything else is a bug and shows its stack. */
async function reportError(error: unknown, io: CommandIO): Promise<number> {
  if (error instanceof Error && (await isUserMistake(error))) {
    io.stderr.write(`folio: ${error.message}\n`);
    return error instanceof UserError ? error.exitCode : 2;
  }
  io.stderr.write(`folio: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

async function isUserMistake(error: Error): Promise<boolean> {
  if (error instanceof UserError) return true;
  // Loaded here, not up front, so that a command loads only what it uses (a module that threw is loaded already).
  const [{ ConfigError }, { ComponentInputError }, { RegistryError }, { SweepError }, { StoreError }, { CheckpointError }] = await Promise.all([
    import('../config/errors.js'),
    import('../registry/errors.js'),
    import('../registry/registry.js'),
    import('../sweep/errors.js'),
    import('../tracking/errors.js'),
    import('../training/checkpoint/errors.js'),
  ]);
  const mistakes = [ConfigError, ComponentInputError, RegistryError, SweepError, StoreError, CheckpointError];
  if (mistakes.some((kind) => error instanceof kind)) return true;
  // node:util parseArgs rejects unknown flags with these codes.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
