// Where a report's runs ran and which Folio wrote it, as facts on the page.
import { formatTime } from '../../present/format.js';
import type { Provenance } from '../types.js';

export function provenanceFacts(provenance: Provenance): [string, string][] {
  return [
    ['machines', provenance.hosts.length === 0 ? 'not recorded' : provenance.hosts.join(', ')],
    ['backends', provenance.backends.join(', ') || '-'],
    ['Folio', provenance.folioVersion],
    ['report written', formatTime(provenance.generatedAt, true)],
  ];
}
