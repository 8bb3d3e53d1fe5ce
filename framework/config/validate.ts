// Schema validation with ajv, and ajv's errors turned into issues at the right file position.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ComponentKind, JsonSchema } from '../registry/define.js';
import type { Registry } from '../registry/registry.js';
import { didYouMean } from '../registry/nearest.js';
import { SET_FILE, type ConfigIssue } from './errors.js';
import {
  describeSchema,
  missingTypeMessage,
  notAComponentMessage,
  showValue,
  typeValueMessage,
  unknownKeyMessage,
} from './messages.js';
import { childPointer, dottedPath, findOrigin, parsePointer, type Origins } from './origins.js';
import { buildConfigSchema } from './schema.js';

export interface CompiledConfigSchema {
  schema: JsonSchema;
  validate: ValidateFunction;
  /** Kind schemas (`$defs/<kind>`) and their `type` property schemas, by identity, to name the kind in messages. */
  kinds: Map<object, ComponentKind>;
  typeProperties: Map<object, ComponentKind>;
  registered(kind: ComponentKind): string[];
}

const cache = new WeakMap<Registry, { size: number; compiled: CompiledConfigSchema }>();

/** Builds and compiles the config schema of `registry` (cached while the registry does not grow). */
export function compileConfigSchema(registry: Registry): CompiledConfigSchema {
  const size = registry.list().length;
  const hit = cache.get(registry);
  if (hit !== undefined && hit.size === size) return hit.compiled;
  const schema = buildConfigSchema(registry);
  const ajv = new Ajv({ allErrors: true, useDefaults: true, discriminator: true, strict: true, verbose: true });
  const validate = ajv.compile(schema);
  const kinds = new Map<object, ComponentKind>();
  const typeProperties = new Map<object, ComponentKind>();
  for (const [kind, definition] of Object.entries(schema.$defs as Record<ComponentKind, JsonSchema>)) {
    kinds.set(definition, kind as ComponentKind);
    const properties = definition.properties as Record<string, JsonSchema> | undefined;
    if (properties?.type !== undefined) typeProperties.set(properties.type, kind as ComponentKind);
  }
  const compiled: CompiledConfigSchema = { schema, validate, kinds, typeProperties, registered: (kind) => registry.types(kind) };
  cache.set(registry, { size, compiled });
  return compiled;
}

/** A mistake found by the schema: at a value (or at its key), with its message. */
interface Finding {
  ptr: string;
  at: 'key' | 'value';
  message: string;
}

const DESCRIBED_KEYWORDS = new Set([
  'type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'const', 'enum',
]);

function explain(error: ErrorObject, compiled: CompiledConfigSchema): Finding | undefined {
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  const ptr = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const kind = compiled.kinds.get(parent);
  const typeOf = compiled.typeProperties.get(parent);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return { ptr: childPointer(ptr, key), at: 'key', message: unknownKeyMessage(key, parent) };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const message =
        kind !== undefined && missing === 'type'
          ? missingTypeMessage(kind, compiled.registered(kind))
          : `missing required key ${JSON.stringify(missing)}`;
      return { ptr, at: 'key', message };
    }
    case 'discriminator': {
      if (kind === undefined) break;
      if (params.tagValue === undefined) return { ptr, at: 'key', message: missingTypeMessage(kind, compiled.registered(kind)) };
      return { ptr: childPointer(ptr, 'type'), at: 'value', message: typeValueMessage(kind, params.tagValue, compiled.registered(kind)) };
    }
    case 'not':
      if (kind !== undefined) return { ptr, at: 'value', message: `no ${kind} component is registered` };
      break;
    case 'oneOf': {
      // Alternatives told apart by which key is present (init_from: run or path).
      const keys = ((parent.oneOf ?? []) as JsonSchema[]).flatMap((branch) => (branch.required as string[] | undefined) ?? []);
      if (keys.length > 0) return { ptr, at: 'value', message: `give exactly one of ${keys.join(', ')}` };
      break;
    }
  }
  if (typeOf !== undefined && (error.keyword === 'enum' || error.keyword === 'type')) {
    return { ptr, at: 'value', message: typeValueMessage(typeOf, error.data, compiled.registered(typeOf)) };
  }
  if (kind !== undefined && error.keyword === 'type') {
    return { ptr, at: 'value', message: notAComponentMessage(kind, error.data, compiled.registered(kind)) };
  }
  if (ptr === '/backend' && error.keyword === 'enum' && typeof error.data === 'string') {
    const known = (parent.enum as string[]) ?? [];
    return { ptr, at: 'value', message: `unknown backend ${JSON.stringify(error.data)}${didYouMean(error.data, known)}; registered: ${known.join(', ')}` };
  }
  if (ptr === '' && error.keyword === 'type') {
    return { ptr, at: 'value', message: `expected key: value settings at the top level, got ${showValue(error.data)}` };
  }
  if (DESCRIBED_KEYWORDS.has(error.keyword)) {
    const suggestion = error.keyword === 'enum' && typeof error.data === 'string' ? didYouMean(error.data, (parent.enum as string[]).map(String)) : '';
    return { ptr, at: 'value', message: `expected ${describeSchema(parent)}, got ${showValue(error.data)}${suggestion}` };
  }
  return { ptr, at: 'value', message: error.message ?? `fails ${error.keyword}` };
}

/** Places an issue at the value (or key) `ptr` names, in the file or --set that defined it. */
export function locate(
  ptr: string,
  at: 'key' | 'value',
  message: string,
  origins: Origins,
  data: unknown,
  fallbackFile: string,
): ConfigIssue {
  const path = dottedPath(parsePointer(ptr), data);
  const found = findOrigin(origins, ptr);
  if (found === undefined) return { file: fallbackFile, line: 0, col: 0, path, message };
  const { origin, exact } = found;
  if (origin.kind === 'set') return { file: SET_FILE, line: 0, col: 0, path, message, arg: origin.arg };
  // A value that is not in the file (a default) is reported at the key of its nearest written ancestor.
  const position = at === 'key' || !exact ? (origin.key ?? origin.value) : origin.value;
  return { file: origin.file, line: position.line, col: position.col, path, message };
}

/** Validates `data` in place (filling defaults); returns its issues. */
export function validateConfig(
  compiled: CompiledConfigSchema,
  data: unknown,
  origins: Origins,
  fallbackFile: string,
): ConfigIssue[] {
  if (compiled.validate(data)) return [];
  const issues: ConfigIssue[] = [];
  for (const error of compiled.validate.errors ?? []) {
    const finding = explain(error, compiled);
    if (finding !== undefined) issues.push(locate(finding.ptr, finding.at, finding.message, origins, data, fallbackFile));
  }
  return issues;
}
