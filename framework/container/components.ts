// How each of the config's components is built: from its node in the config, the run's services
// and, for the model, the vocabulary. Read one binding to follow a YAML key to its factory.
import type { BaseContext } from '../registry/contracts.js';
import type { ComponentConfig } from '../registry/define.js';
import { buildAlignment } from './alignment.js';
import { layerFactories } from './layers.js';
import type { Resolver, RunContainer } from './run-container.js';
import { probeModel } from './shape-checks.js';
import { COMPONENTS, LEARNED, RUN } from './tokens.js';

export function bindComponents(run: RunContainer): void {
  run.define(COMPONENTS.backend, (get) => get(RUN.registry).create('backend', { type: get(RUN.config).backend }, componentContext(get)));
  run.define(COMPONENTS.dataset, (get) =>
    get(RUN.registry).create('dataset', get(RUN.config).dataset, { ...componentContext(get), cacheDir: get(RUN.cacheDir) }),
  );
  run.define(COMPONENTS.tokenizer, (get) => get(RUN.registry).create('tokenizer', get(RUN.config).tokenizer, componentContext(get)));
  run.define(COMPONENTS.layers, (get) => layerFactories(get(RUN.config).model, get(RUN.registry), modelContext(get)));
  run.define(COMPONENTS.model, (get) => {
    const registry = get(RUN.registry);
    const node = get(RUN.config).model;
    const vocabSize = get(LEARNED.vocabulary).size;
    const model = registry.create('model', node, { ...modelContext(get), vocabSize, params: get(RUN.parameters).root(), layers: get(COMPONENTS.layers) });
    probeModel(model, vocabSize, registry.describe(registry.get('model', node.type)));
    return model;
  });
  run.define(COMPONENTS.optimizer, (get) => get(RUN.registry).create('optimizer', get(RUN.config).optimizer, componentContext(get)));
  run.define(COMPONENTS.schedule, (get) => {
    const config = get(RUN.config);
    const context = { ...componentContext(get), baseLr: optimizerLr(config.optimizer), maxIters: config.train.max_iters };
    return get(RUN.registry).create('schedule', config.schedule, context);
  });
  run.define(COMPONENTS.alignment, (get) => (runtime) =>
    buildAlignment(get(RUN.config), get(RUN.registry), componentContext(get), get(RUN.parameters).root(), runtime),
  );
}

/** What every component is given: the generator for components, the config's folder, the services. */
function componentContext(get: Resolver): BaseContext {
  return { rng: get(RUN.rngs).components, configDir: get(RUN.configDir), services: get(RUN.services) };
}

/** The model and its layers draw weights and dropout masks from the model's own generator. */
function modelContext(get: Resolver): BaseContext {
  return { ...componentContext(get), rng: get(RUN.rngs).model };
}

function optimizerLr(node: ComponentConfig): number {
  if (typeof node.lr !== 'number') throw new Error(`optimizer ${node.type} has no numeric lr param`);
  return node.lr;
}
