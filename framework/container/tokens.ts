// The names a run's services and components are bound under in its container, each carrying the
// type of what it resolves to, so that reading one back needs no cast.
import type { RunConfig } from '../config/types.js';
import type { ParameterStore } from '../engine/parameters.js';
import type {
  ActiveBackend,
  Backend,
  Dataset,
  LanguageModel,
  LayerFactories,
  MetricsRecorder,
  Optimizer,
  RunServices,
  Schedule,
  Tokenizer,
  Vocabulary,
} from '../registry/contracts.js';
import type { Registry } from '../registry/registry.js';
import type { AlignmentFactory } from './alignment.js';
import type { RunRngs } from './run-rngs.js';

/** An inversify service identifier that remembers what it resolves to. */
export type ServiceId<T> = symbol & { readonly resolvesTo?: T };

export function serviceId<T>(name: string): ServiceId<T> {
  return Symbol(name) as ServiceId<T>;
}

/** What the run is: bound once, when the container is built. */
export const RUN = {
  config: serviceId<RunConfig>('RunConfig'),
  registry: serviceId<Registry>('Registry'),
  rngs: serviceId<RunRngs>('RunRngs'),
  configDir: serviceId<string>('ConfigDir'),
  cacheDir: serviceId<string>('CacheDir'),
  /** The services every component's context carries (ctx.services). */
  services: serviceId<RunServices>('RunServices'),
  parameters: serviceId<ParameterStore>('ParameterStore'),
} as const;

/** What only the running set-up learns, provided as it happens (see RunContainer.provide). */
export const LEARNED = {
  /** The backend that started. */
  activeBackend: serviceId<ActiveBackend>('ActiveBackend'),
  /** The tokenizer's ids, once it has seen the corpus or a checkpoint's vocabulary. */
  vocabulary: serviceId<Vocabulary>('Vocabulary'),
  /** The recorded run's metrics. */
  recorder: serviceId<MetricsRecorder>('MetricsRecorder'),
} as const;

/** The config's components, each built from its node the first time it is asked for. */
export const COMPONENTS = {
  backend: serviceId<Backend>('Backend'),
  dataset: serviceId<Dataset>('Dataset'),
  tokenizer: serviceId<Tokenizer>('Tokenizer'),
  /** Builders of the model's blocks, attentions and feed-forwards. */
  layers: serviceId<LayerFactories>('LayerFactories'),
  /** Needs the vocabulary. */
  model: serviceId<LanguageModel>('LanguageModel'),
  optimizer: serviceId<Optimizer>('Optimizer'),
  schedule: serviceId<Schedule>('Schedule'),
  /** The reward, preferences and objective, built from what only the running experiment knows. */
  alignment: serviceId<AlignmentFactory>('AlignmentFactory'),
} as const;
