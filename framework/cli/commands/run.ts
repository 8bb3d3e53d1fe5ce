// folio run <config> [--set key=value]... [--plain] [--store PATH]: train one experiment.
import { builtinRegistry } from '../../../components/index.js';
import { loadConfig } from '../../config/load.js';
import { RunStore } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import type { CommandIO } from '../io.js';
import { parseTrainArgs, trainFromCli } from '../train-session.js';

export const runUsage = 'folio run <config.yaml> [--set key=value]... [--plain] [--store PATH]';

export async function runCommand(argv: string[], io: CommandIO): Promise<number> {
  const args = parseTrainArgs(argv, 'one config file', runUsage);
  const resolved = await loadConfig(args.target, { registry: builtinRegistry(), overrides: args.set, cwd: io.cwd });
  const storePath = resolveStorePath(args.store, io);
  const store = RunStore.open(storePath);
  return trainFromCli(resolved, {
    io,
    store,
    storePath,
    plain: args.plain,
  });
}
