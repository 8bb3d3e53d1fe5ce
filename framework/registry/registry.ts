// The component registry: which components exist, their schemas, and how to build them.
import type { ComponentContexts, ComponentProducts } from './kinds.js';
import {
  COMPONENT_KINDS,
  type AnyComponentDefinition,
  type ComponentConfig,
  type ComponentDefinition,
  type ComponentKind,
  type JsonSchema,
} from './define.js';
import { UserMistake } from '../errors.js';
import { ComponentInputError } from './errors.js';
import { didYouMean } from './nearest.js';

/** A config names a component that is not registered, or registers one twice. */
export class RegistryError extends UserMistake {}

export class Registry {
  private readonly byKind = new Map<ComponentKind, Map<string, AnyComponentDefinition>>(
    COMPONENT_KINDS.map((kind) => [kind, new Map()]),
  );

  /** The file each imported definition came from (as shown to the user); built-ins have none. */
  private readonly sources = new Map<AnyComponentDefinition, string>();

  register(...definitions: AnyComponentDefinition[]): this {
    for (const definition of definitions) this.add(definition, undefined);
    return this;
  }

  /** Registers a user's definitions, remembering `source` (their file) for messages. */
  registerFrom(source: string, ...definitions: AnyComponentDefinition[]): this {
    for (const definition of definitions) this.add(definition, source);
    return this;
  }

  /** A copy holding the same definitions (and sources), to add a config's imports to. */
  copy(): Registry {
    const copy = new Registry();
    for (const definition of this.list()) copy.add(definition, this.sources.get(definition));
    return copy;
  }

  /** The file a user's definition came from; undefined for a built-in. */
  sourceOf(definition: AnyComponentDefinition): string | undefined {
    return this.sources.get(definition);
  }

  /** `attention "alibi" (examples/alibi.ts)`: how messages name a component. */
  describe(definition: AnyComponentDefinition): string {
    const source = this.sources.get(definition);
    return `${definition.kind} "${definition.type}"${source === undefined ? '' : ` (${source})`}`;
  }

  private add(definition: AnyComponentDefinition, source: string | undefined): void {
    const known = this.byKind.get(definition.kind);
    if (known === undefined) {
      throw new RegistryError(
        `component ${definition.type}: unknown kind "${definition.kind}"${didYouMean(definition.kind, COMPONENT_KINDS)}; kinds are ${COMPONENT_KINDS.join(', ')}`,
      );
    }
    const existing = known.get(definition.type);
    if (existing !== undefined) {
      const first = this.sources.get(existing);
      throw new RegistryError(
        `${definition.kind} "${definition.type}" is registered twice (${first === undefined ? 'a built-in has that name' : `${first} defines it too`})`,
      );
    }
    if (definition.params.type !== 'object') {
      throw new RegistryError(`${definition.kind} "${definition.type}": params schema must have type: object`);
    }
    known.set(definition.type, definition);
    if (source !== undefined) this.sources.set(definition, source);
  }

  types(kind: ComponentKind): string[] {
    return [...this.kindMap(kind).keys()];
  }

  list(kind?: ComponentKind): AnyComponentDefinition[] {
    const kinds = kind === undefined ? COMPONENT_KINDS : [kind];
    return kinds.flatMap((k) => [...this.kindMap(k).values()]);
  }

  get<K extends ComponentKind>(kind: K, type: string): ComponentDefinition<K, object> {
    const definition = this.kindMap(kind).get(type);
    if (definition === undefined) {
      const known = this.types(kind);
      throw new RegistryError(
        `unknown ${kind} type "${type}"${didYouMean(type, known)}; registered: ${known.join(', ') || 'none'}`,
      );
    }
    return definition as ComponentDefinition<K, object>;
  }

  /** Builds a component from a validated config node (defaults already applied). */
  create<K extends ComponentKind>(kind: K, node: ComponentConfig, ctx: ComponentContexts[K]): ComponentProducts[K] {
    const { type, ...params } = node;
    const definition = this.get(kind, type);
    if (!this.sources.has(definition as AnyComponentDefinition)) return definition.create(params, ctx);
    // A user's factory that throws is a mistake in their file: say whose, without Folio's stack.
    try {
      return definition.create(params, ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ComponentInputError(`${this.describe(definition as AnyComponentDefinition)} failed to build: ${message}`);
    }
  }

  /**
   * One JSON Schema definition per kind: an object whose `type:` picks one registered
   * component's params schema (ajv's discriminator keeps errors about the chosen one only).
   */
  kindSchemas(): Record<ComponentKind, JsonSchema> {
    const defs = {} as Record<ComponentKind, JsonSchema>;
    for (const kind of COMPONENT_KINDS) {
      const definitions = this.list(kind);
      const types = definitions.map((d) => d.type);
      defs[kind] =
        definitions.length === 0
          ? { not: {}, description: `no ${kind} component is registered` }
          : {
              type: 'object',
              description: `a ${kind}: one of ${types.join(', ')}`,
              required: ['type'],
              properties: { type: { type: 'string', enum: types } },
              discriminator: { propertyName: 'type' },
              oneOf: definitions.map(componentSchema),
            };
    }
    return defs;
  }

  private kindMap(kind: ComponentKind): Map<string, AnyComponentDefinition> {
    const known = this.byKind.get(kind);
    if (known === undefined) throw new RegistryError(`unknown component kind "${kind}"`);
    return known;
  }
}

function componentSchema(definition: AnyComponentDefinition): JsonSchema {
  const properties = (definition.params.properties ?? {}) as Record<string, JsonSchema>;
  return {
    ...definition.params,
    description: definition.summary,
    properties: { type: { const: definition.type }, ...properties },
    additionalProperties: false,
  };
}
