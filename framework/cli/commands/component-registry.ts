// The registry `folio components` and `folio schema` describe: the built-ins, plus what --config imports.
import { builtinRegistry } from '../../../components/index.js';
import { loadConfigRegistry } from '../../config/load.js';
import type { Registry } from '../../registry/registry.js';
import type { OptionDeclaration } from '../args.js';
import type { CommandIO } from '../io.js';

export const CONFIG_OPTION = {
  config: { kind: 'string', value: 'FILE', help: "include the components this config's imports: register", complete: { files: ['yaml', 'yml'] } },
} as const satisfies Record<string, OptionDeclaration>;

export async function commandRegistry(configFile: string | undefined, io: CommandIO): Promise<Registry> {
  const builtins = builtinRegistry();
  return configFile === undefined ? builtins : loadConfigRegistry(configFile, { registry: builtins, cwd: io.cwd });
}
