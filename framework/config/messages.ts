// Wording of config mistakes, shared by schema validation and --set checks.
import type { JsonSchema } from '../registry/define.js';
import { didYouMean } from '../registry/nearest.js';
import { isRecord } from './origins.js';

/** A value as a message shows it: strings quoted, containers summarised. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (isRecord(value)) return 'a mapping';
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'integer',
  number: 'number',
  string: 'string',
  boolean: 'true or false',
  array: 'list',
  object: 'mapping',
  null: 'null',
};

function bounds(schema: JsonSchema): string[] {
  const parts: string[] = [];
  if (typeof schema.minimum === 'number') parts.push(`>= ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') parts.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === 'number') parts.push(`<= ${schema.maximum}`);
  if (typeof schema.exclusiveMaximum === 'number') parts.push(`< ${schema.exclusiveMaximum}`);
  return parts;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What a schema accepts, in words: "integer >= 1", "number >= 0 and < 1", "list of exactly 2 items". */
export function describeSchema(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(showValue).join(', ')}`;
  if ('const' in schema) return showValue(schema.const);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length !== 1) return types.length === 0 ? 'a valid value' : types.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
  const type = types[0]!;
  const details: string[] = [];
  let name = TYPE_NAMES[type] ?? type;
  if (type === 'number' || type === 'integer') {
    details.push(...bounds(schema));
    if (typeof schema.multipleOf === 'number') details.push(`a multiple of ${schema.multipleOf}`);
  } else if (type === 'string') {
    if (schema.minLength === 1 && schema.maxLength === undefined) name = 'non-empty string';
    else {
      if (typeof schema.minLength === 'number') details.push(`at least ${count(schema.minLength, 'character')}`);
      if (typeof schema.maxLength === 'number') details.push(`at most ${count(schema.maxLength, 'character')}`);
    }
    if (typeof schema.pattern === 'string') details.push(`matching /${schema.pattern}/`);
  } else if (type === 'array') {
    const { minItems, maxItems } = schema;
    if (typeof minItems === 'number' && minItems === maxItems) return `list of exactly ${count(minItems, 'item')}`;
    if (typeof minItems === 'number') details.push(`at least ${count(minItems, 'item')}`);
    if (typeof maxItems === 'number') details.push(`at most ${count(maxItems, 'item')}`);
    if (details.length > 0) return `list of ${details.join(' and ')}`;
  }
  return details.length > 0 ? `${name} ${details.join(' and ')}` : name;
}

/** The `type:` a component branch of a kind schema stands for, if `schema` is one. */
export function branchType(schema: JsonSchema | undefined): string | undefined {
  const properties = schema?.properties;
  if (!isRecord(properties) || !isRecord(properties.type)) return undefined;
  const value = properties.type.const;
  return typeof value === 'string' ? value : undefined;
}

/** `suggestion` (a path anywhere in the config) replaces the nearest sibling key as the "did you mean". */
export function unknownKeyMessage(key: string, schema: JsonSchema | undefined, suggestion?: string): string {
  const properties = isRecord(schema?.properties) ? Object.keys(schema.properties) : [];
  const component = branchType(schema);
  // A component's `type:` is always there; listing it among its params only adds noise.
  const listed = component === undefined ? properties : properties.filter((p) => p !== 'type');
  const head = `unknown key ${JSON.stringify(key)}${suggestion === undefined ? didYouMean(key, properties) : ` (did you mean ${suggestion}?)`}`;
  if (listed.length > 0) return `${head}; expected one of: ${listed.join(', ')}`;
  return component === undefined ? `${head}; no keys are allowed here` : `${head}; "${component}" takes no settings besides type`;
}

export function typeValueMessage(kind: string, value: unknown, registered: readonly string[]): string {
  const known = registered.length > 0 ? registered.join(', ') : 'none';
  if (typeof value === 'string') return `unknown ${kind} type ${JSON.stringify(value)}${didYouMean(value, registered)}; registered: ${known}`;
  return `expected a ${kind} type (one of ${known}), got ${showValue(value)}`;
}

export function missingTypeMessage(kind: string, registered: readonly string[]): string {
  return `missing required key "type" (which ${kind} to use: one of ${registered.join(', ') || 'none registered'})`;
}

export function notAComponentMessage(kind: string, value: unknown, registered: readonly string[]): string {
  return `expected a ${kind} (a mapping with type: one of ${registered.join(', ') || 'none registered'}), got ${showValue(value)}`;
}
