// folio components [--kind K] [--config file.yaml] [--json]: what is registered, by kind, with a config's imports.
import { parseArgs } from 'node:util';
import { COMPONENT_KINDS, type ComponentKind } from '../../registry/define.js';
import { didYouMean } from '../../registry/nearest.js';
import type { CommandIO } from '../io.js';
import { UserError } from '../io.js';
import { commandRegistry, CONFIG_OPTION } from './component-registry.js';

export const componentsUsage = 'folio components [--kind K] [--config file.yaml] [--json]';

export async function componentsCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, kind: { type: 'string' }, ...CONFIG_OPTION },
  });
  const kinds = values.kind === undefined ? COMPONENT_KINDS : [kindNamed(values.kind)];
  const registry = await commandRegistry(values.config, io);
  const definitions = kinds.flatMap((kind) => registry.list(kind));
  if (values.json) {
    const listing = definitions.map((d) => {
      const source = registry.sourceOf(d);
      return { kind: d.kind, type: d.type, summary: d.summary, params: d.params, ...(source === undefined ? {} : { source }) };
    });
    io.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  }
  for (const kind of kinds) {
    io.stdout.write(`${kind}\n`);
    for (const d of registry.list(kind)) {
      const params = Object.keys((d.params.properties ?? {}) as object);
      const source = registry.sourceOf(d);
      io.stdout.write(`  ${d.type.padEnd(24)} ${d.summary}${params.length ? `  [${params.join(', ')}]` : ''}${source === undefined ? '' : `  (${source})`}\n`);
    }
  }
  return 0;
}

function kindNamed(name: string): ComponentKind {
  if ((COMPONENT_KINDS as readonly string[]).includes(name)) return name as ComponentKind;
  throw new UserError(`--kind: unknown kind "${name}"${didYouMean(name, COMPONENT_KINDS)}; kinds are ${COMPONENT_KINDS.join(', ')}`);
}
