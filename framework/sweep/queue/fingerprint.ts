// What a worker and its coordinator must agree on before a trial runs on the worker: the Folio
// version, and the component set a config resolves to (built-ins and the config's imports).
import { createHash } from 'node:crypto';
import type { Registry } from '../../registry/registry.js';

/**
 * A hash of every registered component: its kind, name, params schema and code. Two checkouts of
 * the same commit agree; an imported component edited on one machine does not.
 */
export function registryHash(registry: Registry): string {
  const hash = createHash('sha256');
  const definitions = registry.list().sort((a, b) => `${a.kind}/${a.type}`.localeCompare(`${b.kind}/${b.type}`));
  for (const definition of definitions) {
    hash.update(`${definition.kind}\u0000${definition.type}\u0000${JSON.stringify(definition.params)}\u0000`);
    for (const [key, value] of Object.entries(definition).sort(([a], [b]) => a.localeCompare(b))) {
      if (typeof value === 'function') hash.update(`${key}\u0000${String(value)}\u0000`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
