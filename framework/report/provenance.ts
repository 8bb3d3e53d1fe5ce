// Which machines ran a report's runs (as each run recorded itself) and which Folio wrote the page.
import { folioVersion } from '../package-root.js';
import type { StoreReader } from '../tracking/store-reader.js';
import type { Provenance } from './types.js';

export function provenanceOf(reader: StoreReader, runIds: readonly number[], generatedAt: number): Provenance {
  const hosts = new Set<string>();
  const backends = new Set<string>();
  for (const id of runIds) {
    const run = reader.getRun(id);
    if (run === undefined) continue;
    backends.add(run.backend);
    // A queue worker names itself; a local trial records the host it ran on.
    const where = run.info.worker ?? run.info.host;
    if (typeof where === 'string' && where !== '') hosts.add(where);
  }
  return { folioVersion: folioVersion(), generatedAt, hosts: [...hosts].sort(), backends: [...backends].sort() };
}
