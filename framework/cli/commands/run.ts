// folio run <config> [--set key=value]... [--plain] [--store PATH]: train one experiment.
import { loadRunConfig } from '../../container/run-config.js';
import { RunStore } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import type { CommandIO } from '../io.js';
import { TRAIN_OPTIONS } from '../common-options.js';
import { trainFromCli } from '../train-session.js';

export const runDeclaration = {
  name: 'run',
  summary: 'train one experiment; live view on a terminal, plain lines otherwise',
  positionals: [{ name: '<config.yaml>', complete: { files: ['yaml', 'yml'] } }],
  options: TRAIN_OPTIONS,
  notes: ['example: folio run configs/shakespeare-char.yaml --set optimizer.lr=3e-4 --set model.n_layer=6'],
} as const satisfies CommandDeclaration;

export const runUsage = usageLine(runDeclaration);

export async function runCommand(argv: string[], io: CommandIO): Promise<number> {
  const args = parseCommand(runDeclaration, argv, io);
  if (args === undefined) return 0;
  expectPositionals(runDeclaration, args.positionals, 1, 'one config file');
  const { set, plain, store: storeFlag } = args.values;
  const resolved = await loadRunConfig(args.positionals[0]!, { overrides: set, cwd: io.cwd });
  const storePath = resolveStorePath(storeFlag, io);
  const store = RunStore.open(storePath);
  return trainFromCli(resolved, {
    io,
    store,
    storePath,
    plain,
  });
}
