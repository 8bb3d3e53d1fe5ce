// folio validate <config> [--set key=value]...: check a config without training.
import { parseArgs } from 'node:util';
import { builtinRegistry } from '../../../components/index.js';
import { loadConfig } from '../../config/load.js';
import type { CommandIO } from '../io.js';
import { UserError } from '../io.js';

export const validateUsage = 'folio validate <config.yaml> [--set key=value]... [--print]';

export async function validateCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { set: { type: 'string', multiple: true, default: [] }, print: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UserError(`expected one config file\nusage: ${validateUsage}`);
  const resolved = await loadConfig(positionals[0]!, { registry: builtinRegistry(), overrides: values.set, cwd: io.cwd });
  if (values.print) io.stdout.write(`${JSON.stringify(resolved.config, null, 2)}\n`);
  io.stdout.write(`${positionals[0]}: ok (config hash ${resolved.hash.slice(0, 12)})\n`);
  return 0;
}
