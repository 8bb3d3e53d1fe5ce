// The folio command: dispatches to one small file per command; the only place that decides exit codes.
import { ConfigError } from '../config/load.js';
import { ComponentInputError } from '../registry/errors.js';
import { RegistryError } from '../registry/registry.js';
import { SweepError } from '../sweep/errors.js';
import { StoreError } from '../tracking/store.js';
import { CheckpointError } from '../training/checkpoint/errors.js';
import { compareCommand, compareUsage } from './commands/compare.js';
import { dashboardCommand, dashboardUsage } from './commands/dashboard.js';
import { componentsCommand, componentsUsage } from './commands/components.js';
import { runCommand, runUsage } from './commands/run.js';
import { exportCommand, exportUsage } from './commands/export.js';
import { importCommand, importUsage } from './commands/import.js';
import { resumeCommand, resumeUsage } from './commands/resume.js';
import { runsCommand } from './commands/runs.js';
import { sampleCommand, sampleUsage } from './commands/sample.js';
import { schemaCommand, schemaUsage } from './commands/schema.js';
import { sweepCommand, sweepUsage } from './commands/sweep.js';
import { sweepsCommand } from './commands/sweeps.js';
import { validateCommand, validateUsage } from './commands/validate.js';
import { UserError, type CommandIO } from './io.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  run: { run: runCommand, usage: `${runUsage}\n    train one experiment; live view on a terminal, plain lines otherwise` },
  resume: { run: resumeCommand, usage: `${resumeUsage}\n    continue an interrupted, crashed or failed run from its newest checkpoint; --set extends a finished one` },
  sample: { run: sampleCommand, usage: `${sampleUsage}\n    generate text from a run's checkpoint, streamed; the same seed gives the same text` },
  export: { run: exportCommand, usage: `${exportUsage}\n    a run's weights under nanoGPT's tensor names and layouts, with a JSON sidecar (vocabulary, GPTConfig)` },
  import: { run: importCommand, usage: `${importUsage}\n    a run made from exported weights: sample it, or fine-tune from it with init_from` },
  validate: { run: validateCommand, usage: `${validateUsage}\n    check a config without training` },
  runs: { run: runsCommand, usage: 'folio runs list [--json] | folio runs show <id> [--json]\n    what the store recorded' },
  sweep: { run: sweepCommand, usage: `${sweepUsage}\n    a hyperparameter sweep, trials in parallel processes; the same command again resumes it` },
  sweeps: { run: sweepsCommand, usage: 'folio sweeps list [--json] | folio sweeps show <id> [--json | --best-config]\n    recorded sweeps, their points ranked, the best config as YAML' },
  dashboard: { run: dashboardCommand, usage: `${dashboardUsage}\n    the terminal dashboard: browse runs, watch live ones, compare them, see sweeps` },
  compare: { run: compareCommand, usage: `${compareUsage}\n    runs side by side: metrics, the config keys that differ, a val-loss chart` },
  components: { run: componentsCommand, usage: `${componentsUsage}\n    the registered components and their params, with those a config imports` },
  schema: { run: schemaCommand, usage: `${schemaUsage}\n    JSON Schema of a config, for editors (with a config's imported components)` },
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}`);
  return `usage: folio <command> ...\n\n${lines.join('\n')}\n\nenvironment: FOLIO_STORE (run database), FOLIO_CACHE (dataset cache)\n`;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`folio: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** User mistakes get their message alone and exit 2; anything else is a bug and shows its stack. */
function reportError(error: unknown, io: CommandIO): number {
  if (isUserMistake(error)) {
    io.stderr.write(`folio: ${error.message}\n`);
    return error instanceof UserError ? error.exitCode : 2;
  }
  io.stderr.write(`folio: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

function isUserMistake(error: unknown): error is Error {
  if (error instanceof UserError || error instanceof ConfigError || error instanceof ComponentInputError) return true;
  if (error instanceof StoreError || error instanceof RegistryError || error instanceof SweepError || error instanceof CheckpointError) return true;
  // node:util parseArgs rejects unknown flags with these codes.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
