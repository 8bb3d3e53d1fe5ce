// The composition root: one inversify container per run, built from the resolved config.
// Nothing else imports inversify; the rest of Folio receives plain objects.
import { Container } from 'inversify';
import type { RunConfig } from '../config/types.js';
import { ParameterStore, type ParameterScope } from '../engine/parameters.js';
import { Rng } from '../engine/rng.js';
import type {
  Backend,
  BaseContext,
  Dataset,
  LanguageModel,
  LayerFactories,
  ModelDims,
  Optimizer,
  Schedule,
  Tokenizer,
} from '../registry/contracts.js';
import type { ComponentConfig } from '../registry/define.js';
import type { Registry } from '../registry/registry.js';
import { buildAlignment, type AlignmentParts, type AlignmentRuntime } from './alignment.js';
import { probeModel, shapeCheckedLayer } from './shape-checks.js';
import { TOKENS } from './tokens.js';

/**
 * Independent generators per purpose, so that drawing more batches (say a larger
 * eval_iters) never changes the initial weights, dropout masks or samples.
 */
export interface RunRngs {
  /** Weight init and dropout. */
  model: Rng;
  /** Training and evaluation batches. */
  data: Rng;
  /** Text generation. */
  sampling: Rng;
  /** Handed to other components. */
  components: Rng;
}

export function runRngs(seed: number): RunRngs {
  const root = new Rng(seed);
  return { model: root.fork(), data: root.fork(), sampling: root.fork(), components: root.fork() };
}

export interface RunComponents {
  rngs: RunRngs;
  backend: Backend;
  dataset: Dataset;
  tokenizer: Tokenizer;
  parameters: ParameterStore;
  /** Builds the model once the vocabulary is known (after the tokenizer has seen the corpus). */
  createModel(vocabSize: number): LanguageModel;
  optimizer: Optimizer;
  schedule: Schedule;
  /** The config's reward, preferences and objective, once the model and the data exist. */
  createAlignment(runtime: AlignmentRuntime): AlignmentParts;
}

export interface RunEnvironment {
  configDir: string;
  cacheDir: string;
}

export function buildRunContainer(config: RunConfig, registry: Registry, env: RunEnvironment): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  const rngs = runRngs(config.seed);
  const modelRng = rngs.model;
  container.bind(TOKENS.config).toConstantValue(config);
  container.bind(TOKENS.registry).toConstantValue(registry);
  container.bind(TOKENS.rng).toConstantValue(rngs);
  container.bind<BaseContext>(TOKENS.baseContext).toConstantValue({ rng: rngs.components, configDir: env.configDir });

  const base = (): BaseContext => container.get<BaseContext>(TOKENS.baseContext);
  container.bind(TOKENS.backend).toDynamicValue(() => registry.create('backend', { type: config.backend }, base()));
  container
    .bind(TOKENS.dataset)
    .toDynamicValue(() => registry.create('dataset', config.dataset, { ...base(), cacheDir: env.cacheDir }));
  container.bind(TOKENS.tokenizer).toDynamicValue(() => registry.create('tokenizer', config.tokenizer, base()));
  container.bind(TOKENS.parameters).toDynamicValue(() => new ParameterStore(modelRng));
  container.bind(TOKENS.layerFactories).toDynamicValue(() => layerFactories(config.model, registry, modelRng, env));
  container.bind(TOKENS.modelFactory).toDynamicValue(() => {
    const parameters = container.get<ParameterStore>(TOKENS.parameters);
    const layers = container.get<LayerFactories>(TOKENS.layerFactories);
    return (vocabSize: number) => {
      const model = registry.create('model', config.model, {
        rng: modelRng,
        configDir: env.configDir,
        vocabSize,
        params: parameters.root(),
        layers,
      });
      probeModel(model, vocabSize, registry.describe(registry.get('model', config.model.type)));
      return model;
    };
  });
  container.bind(TOKENS.optimizer).toDynamicValue(() => registry.create('optimizer', config.optimizer, base()));
  container.bind(TOKENS.schedule).toDynamicValue(() =>
    registry.create('schedule', config.schedule, {
      ...base(),
      baseLr: optimizerLr(config.optimizer),
      maxIters: config.train.max_iters,
    }),
  );
  container.bind(TOKENS.alignmentFactory).toDynamicValue(() => {
    const parameters = container.get<ParameterStore>(TOKENS.parameters);
    return (runtime: AlignmentRuntime) => buildAlignment(config, registry, base(), parameters.root(), runtime);
  });
  return container;
}

export function resolveRunComponents(container: Container): RunComponents {
  return {
    rngs: container.get<RunRngs>(TOKENS.rng),
    backend: container.get<Backend>(TOKENS.backend),
    dataset: container.get<Dataset>(TOKENS.dataset),
    tokenizer: container.get<Tokenizer>(TOKENS.tokenizer),
    parameters: container.get<ParameterStore>(TOKENS.parameters),
    createModel: container.get<(vocabSize: number) => LanguageModel>(TOKENS.modelFactory),
    optimizer: container.get<Optimizer>(TOKENS.optimizer),
    schedule: container.get<Schedule>(TOKENS.schedule),
    createAlignment: container.get<(runtime: AlignmentRuntime) => AlignmentParts>(TOKENS.alignmentFactory),
  };
}

/** Factories for the multi-instance kinds named under `model:`; each call builds fresh weights. */
function layerFactories(model: ComponentConfig, registry: Registry, rng: Rng, env: RunEnvironment): LayerFactories {
  const nodeOf = (kind: 'block' | 'attention' | 'feedforward'): ComponentConfig => {
    const node = model[kind] as ComponentConfig | undefined;
    if (node === undefined) throw new Error(`model ${model.type} builds a ${kind} but its config names none`);
    return node;
  };
  const build = (kind: 'block' | 'attention' | 'feedforward', params: ParameterScope, dims: ModelDims) => {
    const node = nodeOf(kind);
    const layer = registry.create(kind, node, { rng, configDir: env.configDir, params, dims, layers: factories });
    return shapeCheckedLayer(layer, registry.describe(registry.get(kind, node.type)));
  };
  const factories: LayerFactories = {
    block: (params, dims) => build('block', params, dims),
    attention: (params, dims) => build('attention', params, dims),
    feedforward: (params, dims) => build('feedforward', params, dims),
  };
  return factories;
}

function optimizerLr(node: ComponentConfig): number {
  if (typeof node.lr !== 'number') throw new Error(`optimizer ${node.type} has no numeric lr param`);
  return node.lr;
}
