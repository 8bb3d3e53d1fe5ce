// How a sweep's trials run: the options folio sweep and folio sweeps resume share, in a file of
// their own so that declaring them loads nothing (sweeps show and report never load the runner).
import type { OptionDeclaration } from './args.js';
import { STORE_OPTION } from './store-option.js';

export const SWEEP_RUN_OPTIONS = {
  parallel: { kind: 'positive-integer', help: "trials at a time (default: the sweep file's parallel)" },
  queue: { kind: 'string', value: 'redis://HOST:PORT', help: 'run the trials on the workers of a Redis queue (see folio worker)' },
  plain: { kind: 'boolean', help: 'print plain progress lines instead of the live view' },
  ...STORE_OPTION,
} as const satisfies Record<string, OptionDeclaration>;
