// --store, declared once for every command that opens the run database; a file of its own so that
// declaring it loads nothing (train-session.ts, its old home, loads tfjs and Ink).
import type { OptionDeclaration } from './args.js';

export const STORE_OPTION = {
  store: { kind: 'string', value: 'PATH', help: 'the run database (default: FOLIO_STORE, else runs/folio.db)', complete: { files: ['db'] } },
} as const satisfies Record<string, OptionDeclaration>;
