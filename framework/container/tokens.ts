// Service identifiers of a run's container.
export const TOKENS = {
  config: Symbol('RunConfig'),
  rng: Symbol('Rng'),
  registry: Symbol('Registry'),
  baseContext: Symbol('BaseContext'),
  cacheDir: Symbol('CacheDir'),
  backend: Symbol('Backend'),
  dataset: Symbol('Dataset'),
  tokenizer: Symbol('Tokenizer'),
  parameters: Symbol('ParameterStore'),
  layerFactories: Symbol('LayerFactories'),
  modelFactory: Symbol('ModelFactory'),
  optimizer: Symbol('Optimizer'),
  schedule: Symbol('Schedule'),
  alignmentFactory: Symbol('AlignmentFactory'),
} as const;
