// folio components [--json]: what is registered, by kind.
import { parseArgs } from 'node:util';
import { builtinRegistry } from '../../../components/index.js';
import { COMPONENT_KINDS } from '../../registry/define.js';
import type { CommandIO } from '../io.js';

export async function componentsCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const registry = builtinRegistry();
  if (values.json) {
    const listing = registry.list().map((d) => ({ kind: d.kind, type: d.type, summary: d.summary, params: d.params }));
    io.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  }
  for (const kind of COMPONENT_KINDS) {
    io.stdout.write(`${kind}\n`);
    for (const d of registry.list(kind)) {
      const params = Object.keys((d.params.properties ?? {}) as object);
      io.stdout.write(`  ${d.type.padEnd(24)} ${d.summary}${params.length ? `  [${params.join(', ')}]` : ''}\n`);
    }
  }
  return 0;
}
