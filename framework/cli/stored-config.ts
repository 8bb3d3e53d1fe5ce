// A recorded config back through the loader: its imports registered, --set applied, checked again.
import { join } from 'node:path';
import { builtinRegistry } from '../../components/index.js';
import { loadConfigText, type LoadedConfig } from '../config/load.js';
import type { RunDetail } from '../tracking/store.js';

/** Where the run's config file was (relative paths in it mean that folder); `cwd` for runs recorded before Folio kept it. */
export function configDirOf(run: RunDetail, cwd: string): string {
  const dir = run.info.configDir;
  return typeof dir === 'string' ? dir : cwd;
}

export interface StoredConfigOptions {
  /** The folder the config's relative paths (dataset, imports) are relative to. */
  dir: string;
  /** What to call it in messages: the file `<dir>/<name>` (which need not exist). */
  name: string;
  cwd: string;
  overrides?: string[];
}

/** A config held as data (a run's, a checkpoint's, an export's), loaded like a file: JSON is YAML. */
export function loadConfigObject(config: unknown, options: StoredConfigOptions): Promise<LoadedConfig> {
  return loadConfigText(JSON.stringify(config, null, 1), {
    file: join(options.dir, options.name),
    registry: builtinRegistry(),
    cwd: options.cwd,
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
}

/** `config` (a run's, or its checkpoint's copy) with the run's folder for relative paths. */
export function loadStoredConfig(config: unknown, run: RunDetail, options: { cwd: string; overrides?: string[] }): Promise<LoadedConfig> {
  return loadConfigObject(config, { ...options, dir: configDirOf(run, options.cwd), name: `run-${run.id}.config` });
}
