// folio schema [--config file.yaml]: the JSON Schema of a config, for editors (# yaml-language-server: $schema=...),
// with the params of the components that config imports.
import { buildConfigSchema } from '../../config/schema.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import type { CommandIO } from '../io.js';
import { commandRegistry, CONFIG_OPTION } from './component-registry.js';

export const schemaDeclaration = {
  name: 'schema',
  summary: "JSON Schema of a config, for editors (with a config's imported components)",
  positionals: [],
  options: CONFIG_OPTION,
  notes: ['use it from YAML: # yaml-language-server: $schema=folio.schema.json (after folio schema > folio.schema.json)'],
} as const satisfies CommandDeclaration;

export const schemaUsage = usageLine(schemaDeclaration);

export async function schemaCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(schemaDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(schemaDeclaration, positionals, 0, 'no arguments');
  io.stdout.write(`${JSON.stringify(buildConfigSchema(await commandRegistry(values.config, io)), null, 2)}\n`);
  return 0;
}
