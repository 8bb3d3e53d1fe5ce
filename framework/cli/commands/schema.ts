// folio schema: the JSON Schema of a config, for editors (# yaml-language-server: $schema=...).
import { builtinRegistry } from '../../../components/index.js';
import { buildConfigSchema } from '../../config/schema.js';
import type { CommandIO } from '../io.js';

export async function schemaCommand(_argv: string[], io: CommandIO): Promise<number> {
  io.stdout.write(`${JSON.stringify(buildConfigSchema(builtinRegistry()), null, 2)}\n`);
  return 0;
}
