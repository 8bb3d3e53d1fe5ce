// folio schema [--config file.yaml]: the JSON Schema of a config, for editors (# yaml-language-server: $schema=...),
// with the params of the components that config imports.
import { parseArgs } from 'node:util';
import { buildConfigSchema } from '../../config/schema.js';
import type { CommandIO } from '../io.js';
import { commandRegistry, CONFIG_OPTION } from './component-registry.js';

export const schemaUsage = 'folio schema [--config file.yaml]';

export async function schemaCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: CONFIG_OPTION });
  io.stdout.write(`${JSON.stringify(buildConfigSchema(await commandRegistry(values.config, io)), null, 2)}\n`);
  return 0;
}
