// folio run <config> [--set key=value]... [--plain] [--store PATH]: train one experiment.
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinRegistry } from '../../../components/index.js';
import { loadConfig } from '../../config/load.js';
import { RunStore } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { resolveCacheDir } from '../cache-dir.js';
import type { CommandIO } from '../io.js';
import { UserError } from '../io.js';
import { trainFromCli } from '../train-session.js';

export const runUsage = 'folio run <config.yaml> [--set key=value]... [--plain] [--store PATH]';

export async function runCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      set: { type: 'string', multiple: true, default: [] },
      plain: { type: 'boolean', default: false },
      store: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UserError(`expected one config file\nusage: ${runUsage}`);
  const resolved = await loadConfig(positionals[0]!, { registry: builtinRegistry(), overrides: values.set, cwd: io.cwd });
  const storePath = resolveStorePath(values.store, io);
  const store = RunStore.open(storePath);
  return trainFromCli(resolved, {
    io,
    store,
    storePath,
    plain: values.plain,
    cacheDir: resolveCacheDir(io.env, io.cwd),
    runsDir: dirname(storePath),
  });
}
