// A run's recorded config back through the loader: its imports registered, --set applied, checked again.
import { join } from 'node:path';
import { builtinRegistry } from '../../components/index.js';
import { loadConfigText, type LoadedConfig } from '../config/load.js';
import type { RunDetail } from '../tracking/store.js';

/** Where the run's config file was (relative paths in it mean that folder); `cwd` for runs recorded before Folio kept it. */
export function configDirOf(run: RunDetail, cwd: string): string {
  const dir = run.info.configDir;
  return typeof dir === 'string' ? dir : cwd;
}

/**
 * The config `config` (a run's, or a checkpoint's copy of it) as a loaded config: JSON is YAML,
 * so it goes through the same loader as a file, which finds imports relative to `configDir`.
 */
export function loadStoredConfig(config: unknown, run: RunDetail, options: { cwd: string; overrides?: string[] }): Promise<LoadedConfig> {
  const dir = configDirOf(run, options.cwd);
  return loadConfigText(JSON.stringify(config, null, 1), {
    file: join(dir, `run-${run.id}.config`),
    registry: builtinRegistry(),
    cwd: options.cwd,
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
}
