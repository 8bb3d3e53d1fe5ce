// folio dashboard: the full-screen terminal app over the store (runs, a run, compare, sweeps).
import { resolveStorePath } from '../../tracking/store-path.js';
import { StoreReader } from '../../tracking/store-reader.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { drawLiveDespiteContinuousIntegration } from '../live-terminal.js';
import { STORE_OPTION } from '../common-options.js';

export const dashboardDeclaration = {
  name: 'dashboard',
  summary: 'the terminal dashboard: browse runs, watch live ones, compare them, see sweeps, delete marked runs',
  positionals: [],
  options: STORE_OPTION,
  notes: ['for scripts and pipes use folio runs list --json or folio compare --json'],
} as const satisfies CommandDeclaration;

export const dashboardUsage = usageLine(dashboardDeclaration);

export async function dashboardCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(dashboardDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(dashboardDeclaration, positionals, 0, 'no arguments');
  const stdout = io.stdout as NodeJS.WriteStream;
  const stdin = process.stdin;
  if (!stdout.isTTY || !stdin.isTTY) {
    throw new UserError('folio dashboard needs a terminal (its input and output are not one); for scripts and pipes use folio runs list or folio compare <id> <id>...');
  }
  const path = resolveStorePath(values.store, io);
  // Opened before the screen changes, so a store that must be refused is reported plainly.
  const reader = StoreReader.open(path);
  // Imported only now: Ink must load after it is told to draw where CI is set.
  drawLiveDespiteContinuousIntegration();
  const { mountDashboard } = await import('../../dashboard/app/mount-dashboard.js');
  await mountDashboard(path, reader, { stdout, stdin, env: io.env });
  return 0;
}
