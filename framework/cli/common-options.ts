// Options several commands share, declared once. A light module: a command's declaration must not
// pull in the training stack (tfjs) just to say it takes --store.
import type { OptionDeclaration } from './args.js';

/** Where the run database is: every command that reads or writes runs takes it. */
export const STORE_OPTION = {
  store: { kind: 'string', value: 'PATH', help: 'the run database (default: FOLIO_STORE, else runs/folio.db)', complete: { files: ['db'] } },
} as const satisfies Record<string, OptionDeclaration>;

/** Machine-readable output. */
export const JSON_OPTION = { json: { kind: 'boolean', help: 'print JSON for scripts' } } as const satisfies Record<string, OptionDeclaration>;

/** The options of the commands that train (`folio run`, `folio resume`). */
export const TRAIN_OPTIONS = {
  set: { kind: 'strings', value: 'key=value', help: 'override one config value, e.g. --set optimizer.lr=3e-4', complete: 'config-keys' },
  plain: { kind: 'boolean', help: 'print plain progress lines instead of the live view' },
  ...STORE_OPTION,
} as const satisfies Record<string, OptionDeclaration>;

/** How a sweep's trials run: shared by folio sweep and folio sweeps resume. */
export const SWEEP_RUN_OPTIONS = {
  parallel: { kind: 'positive-integer', help: "trials at a time (default: the sweep file's parallel)" },
  queue: { kind: 'string', value: 'redis://HOST:PORT', help: 'run the trials on the workers of a Redis queue (see folio worker)' },
  plain: { kind: 'boolean', help: 'print plain progress lines instead of the live view' },
  ...STORE_OPTION,
} as const satisfies Record<string, OptionDeclaration>;
