// The composition root: one inversify container per run, built from the resolved config. The
// run's set-up asks it for each component when the data it needs exists; nothing is hand-wired.
import type { RunConfig } from '../config/types.js';
import { ParameterStore } from '../engine/parameters.js';
import type { Registry } from '../registry/registry.js';
import { bindComponents } from './components.js';
import { RunContainer } from './run-container.js';
import { runRngs } from './run-rngs.js';
import { ContainerServices } from './run-services.js';
import { RUN } from './tokens.js';

export interface RunEnvironment {
  /** The config file's folder: relative paths in it resolve there. */
  configDir: string;
  /** Where downloads are cached. */
  cacheDir: string;
}

export function buildRunContainer(config: RunConfig, registry: Registry, env: RunEnvironment): RunContainer {
  const run = new RunContainer();
  run.provide(RUN.config, config);
  run.provide(RUN.registry, registry);
  run.provide(RUN.configDir, env.configDir);
  run.provide(RUN.cacheDir, env.cacheDir);
  run.define(RUN.rngs, (get) => runRngs(get(RUN.config).seed));
  run.define(RUN.services, () => new ContainerServices(run));
  // Every weight the model and the objective create lands here, initialised from the model's generator.
  run.define(RUN.parameters, (get) => new ParameterStore(get(RUN.rngs).model));
  bindComponents(run);
  return run;
}
