// How a component is declared: once, with its kind, name, params schema and factory.
import type { ModelDims } from './contracts.js';
import type { ComponentContexts, ComponentProducts } from './kinds.js';

export const COMPONENT_KINDS = [
  'tokenizer', 'dataset', 'model', 'block', 'attention', 'feedforward', 'optimizer', 'schedule', 'backend',
  'objective', 'reward', 'preferences',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** A JSON Schema as a plain object (draft 2020-12 subset that ajv understands). */
export type JsonSchema = { [keyword: string]: unknown };

/** A component node in a config: its `type:` and its params. */
export interface ComponentConfig {
  type: string;
  [param: string]: unknown;
}

export interface ComponentDefinition<K extends ComponentKind = ComponentKind, P extends object = object> {
  kind: K;
  type: string;
  summary: string;
  /** JSON Schema of the params (every key but `type`); must be `type: object`. */
  params: JsonSchema;
  /** Method syntax on purpose: lets a definition with specific params sit in the registry's list. */
  create(params: P, ctx: ComponentContexts[K]): ComponentProducts[K];
  /**
   * Cross-field checks, run by `folio validate` and `folio run` after the schema passed and before
   * anything is built or recorded: what one param's schema cannot say alone (heads divide the
   * width). Returns the problems found (none: nothing, or an empty list).
   */
  check?(params: P, ctx: CheckContext): readonly CheckProblem[] | void;
  /** Models only: the sizes this model hands its layers, so that the layers' checks see them. */
  layerDims?(params: P): ModelDims;
  /** Tokenizers only: the vocabulary size, where the params fix it before any text is seen. */
  vocabSize?(params: P): number;
}

/** What a check knows besides the component's own params. */
export interface CheckContext {
  /** For block, attention and feedforward: the dims their model will hand them (when the model declares them). */
  dims?: ModelDims;
  /** For the model: the vocabulary size, when the tokenizer fixes it before seeing the data. */
  vocabSize?: number;
  /** For the schedule: the optimizer's lr (the peak the schedule scales) and train.max_iters. */
  baseLr?: number;
  maxIters?: number;
  /** For objective, reward and preferences: the config's top-level keys (is there an init_from, a reward?). */
  configKeys?: readonly string[];
  /** For objective, reward and preferences: the folder of the config file, against which relative paths resolve. */
  configDir?: string;
}

/** A mistake a check found: at a key of the component's params (dotted, e.g. `n_head`), or at the component itself. */
export interface CheckProblem {
  key?: string;
  message: string;
}

export type AnyComponentDefinition = { [K in ComponentKind]: ComponentDefinition<K, object> }[ComponentKind];

export function defineComponent<K extends ComponentKind, P extends object>(
  definition: ComponentDefinition<K, P>,
): ComponentDefinition<K, P> {
  return definition;
}

/** Schema of a param that is itself a component of `kind` (chosen by its `type:`). */
export function componentRef(kind: ComponentKind): JsonSchema {
  return { $ref: `#/$defs/${kind}` };
}
