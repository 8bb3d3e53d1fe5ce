// How a component is declared: once, with its kind, name, params schema and factory.
import type { ComponentContexts, ComponentProducts } from './contracts.js';

export const COMPONENT_KINDS = [
  'tokenizer', 'dataset', 'model', 'block', 'attention', 'feedforward', 'optimizer', 'schedule', 'backend',
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
