// folio components [--kind K] [--config file.yaml] [--json]: what is registered, by kind, with a config's imports.
import { COMPONENT_KINDS, type ComponentKind } from '../../registry/define.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import type { CommandIO } from '../io.js';
import { commandRegistry, CONFIG_OPTION } from './component-registry.js';

export const componentsDeclaration = {
  name: 'components',
  summary: 'the registered components and their params, with those a config imports',
  positionals: [],
  options: {
    kind: { kind: 'string', value: 'KIND', choices: COMPONENT_KINDS, help: 'only the components of one kind' },
    ...CONFIG_OPTION,
    json: { kind: 'boolean', help: 'print JSON (with each component\'s params schema)' },
  },
} as const satisfies CommandDeclaration;

export const componentsUsage = usageLine(componentsDeclaration);

export async function componentsCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(componentsDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(componentsDeclaration, positionals, 0, 'no arguments');
  const kinds = values.kind === undefined ? COMPONENT_KINDS : [values.kind as ComponentKind];
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
