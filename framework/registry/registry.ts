// The component registry: which components exist, their schemas, and how to build them.
import type { ComponentContexts, ComponentProducts } from './contracts.js';
import {
  COMPONENT_KINDS,
  type AnyComponentDefinition,
  type ComponentConfig,
  type ComponentDefinition,
  type ComponentKind,
  type JsonSchema,
} from './define.js';
import { didYouMean } from './nearest.js';

export class RegistryError extends Error {}

export class Registry {
  private readonly byKind = new Map<ComponentKind, Map<string, AnyComponentDefinition>>(
    COMPONENT_KINDS.map((kind) => [kind, new Map()]),
  );

  register(...definitions: AnyComponentDefinition[]): this {
    for (const definition of definitions) {
      const known = this.byKind.get(definition.kind);
      if (known === undefined) {
        throw new RegistryError(
          `component ${definition.type}: unknown kind "${definition.kind}"${didYouMean(definition.kind, COMPONENT_KINDS)}; kinds are ${COMPONENT_KINDS.join(', ')}`,
        );
      }
      if (known.has(definition.type)) {
        throw new RegistryError(`${definition.kind} "${definition.type}" is registered twice`);
      }
      if (definition.params.type !== 'object') {
        throw new RegistryError(`${definition.kind} "${definition.type}": params schema must have type: object`);
      }
      known.set(definition.type, definition);
    }
    return this;
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
    return this.get(kind, type).create(params, ctx);
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
