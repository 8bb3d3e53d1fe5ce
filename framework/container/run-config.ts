// A run's config, resolved against the components a run may use: the built-ins and the files its
// `imports:` name. `folio run` and a sweep's trial process both load their config here, so a
// trial sees the very components the same config would see on the command line.
import { builtinRegistry } from '../../components/index.js';
import { loadConfig, type LoadConfigOptions, type LoadedConfig } from '../config/load.js';

export function loadRunConfig(file: string, options: Omit<LoadConfigOptions, 'registry'> = {}): Promise<LoadedConfig> {
  return loadConfig(file, { ...options, registry: builtinRegistry() });
}
