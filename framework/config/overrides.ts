// --set a.b.c=value: checked against the schema along its path, its value read as the schema expects.
import { parseDocument } from 'yaml';
import type { JsonSchema } from '../registry/define.js';
import { SET_FILE, type ConfigIssue } from './errors.js';
import { configKeyPaths, suggestKeyPath } from './key-paths.js';
import { describeSchema, showValue, unknownKeyMessage } from './messages.js';
import { childPointer, isRecord, removeSubtree, setOwn, type Origins, type Segment } from './origins.js';

export interface Override {
  /** The argument as given. */
  arg: string;
  segments: Segment[];
  /** The text after the first `=`. */
  raw: string;
}

const PATH = /^[^.[\]=]+(?:\.[^.[\]=]+|\[\d+\])*$/;

export function parseOverride(arg: string): Override | ConfigIssue {
  const fail = (message: string): ConfigIssue => ({ file: SET_FILE, line: 0, col: 0, path: '', message, arg });
  const eq = arg.indexOf('=');
  if (eq === -1) return fail('expected key=value, e.g. optimizer.lr=3e-4');
  const pathText = arg.slice(0, eq).trim();
  if (!PATH.test(pathText)) return fail(`"${pathText}" is not a key path; write it like optimizer.lr or optimizer.betas[1]`);
  const segments: Segment[] = [];
  for (const match of pathText.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!.trim());
  }
  return { arg, segments, raw: arg.slice(eq + 1) };
}

/** A schema with its `$ref`s followed; `kind` is set when it is a component kind (picked by `type:`). */
interface Resolved {
  schema: JsonSchema;
  kind?: string;
}

function resolve(schema: JsonSchema, root: JsonSchema): Resolved {
  let current = schema;
  let kind: string | undefined;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) break;
    const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
    kind = match?.[1];
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isRecord(target) ? target[key] : undefined;
    }
    if (!isRecord(target)) break;
    current = target;
  }
  return kind !== undefined && isRecord(current.discriminator) ? { schema: current, kind } : { schema: current };
}

function jsonTypes(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (schema === undefined) return types;
  const declared = schema.type;
  if (typeof declared === 'string') types.add(declared);
  else if (Array.isArray(declared)) for (const t of declared) types.add(String(t));
  else {
    const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
    for (const v of values) types.add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  }
  return types;
}

function readYaml(raw: string): { value: unknown } | { error: string } {
  const doc = parseDocument(raw);
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '') };
  try {
    return { value: doc.toJS() };
  } catch (error) {
    // yaml refuses a value whose aliases expand too far (an alias bomb): a message, not a crash.
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** The value of `raw` as the schema expects it: strings keep their text, numbers in quotes become numbers. */
function coerce(raw: string, schema: JsonSchema | undefined): { value: unknown } | { error: string } {
  const types = jsonTypes(schema);
  if (types.size > 0 && [...types].every((t) => t === 'string')) {
    // The text as typed; a quoted YAML string ("line\n") is unquoted so escapes can be written.
    if (/^\s*["']/.test(raw)) {
      const read = readYaml(raw);
      if ('value' in read && typeof read.value === 'string') return read;
    }
    return { value: raw };
  }
  const read = readYaml(raw);
  if ('error' in read) return { error: `cannot read the value: ${read.error}` };
  if (typeof read.value === 'string' && !types.has('string') && (types.has('number') || types.has('integer')) && NUMERIC.test(read.value)) {
    return { value: Number(read.value) };
  }
  return read;
}

/** What a missing container on the way to a --set target starts as: the schema's default, or empty. */
function emptyContainer(schema: JsonSchema | undefined, root: JsonSchema, nextSegment: Segment): unknown {
  if (schema !== undefined) {
    const fallback = schema.default ?? resolve(schema, root).schema.default;
    if (isRecord(fallback) || Array.isArray(fallback)) return structuredClone(fallback);
    if (resolve(schema, root).schema.type === 'array') return [];
  }
  return typeof nextSegment === 'number' ? [] : {};
}

type Step =
  | { key: string | number; schema: JsonSchema | undefined; componentType?: boolean }
  | { error: string; unknownKey?: { key: string; schema: JsonSchema } };

/** The schema of `container[segment]`, given the schema of `container` (undefined: not checked). */
function step(schema: JsonSchema | undefined, container: unknown, segment: Segment, path: string, root: JsonSchema): Step {
  const where = path === '' ? 'the config' : path;
  if (schema === undefined) {
    if (!Array.isArray(container)) return { key: String(segment), schema: undefined };
    if (!/^\d+$/.test(String(segment))) return { error: `${where} is a list; index it like ${path}[0]` };
    return { key: Number(segment), schema: undefined };
  }
  let { schema: current, kind } = resolve(schema, root);
  if (kind !== undefined) {
    const typeSchema = isRecord(current.properties) && isRecord(current.properties.type) ? current.properties.type : undefined;
    if (segment === 'type') return { key: 'type', schema: typeSchema, componentType: true };
    const type = isRecord(container) ? container.type : undefined;
    if (type === undefined) return { error: `${where} has no type yet; set ${path}.type first or give the whole ${kind}, e.g. ${path}={type: ...}` };
    const branches = Array.isArray(current.oneOf) ? (current.oneOf as JsonSchema[]) : [];
    const branch = branches.find((b) => isRecord(b.properties) && isRecord(b.properties.type) && b.properties.type.const === type);
    // An unknown type is the file's mistake, reported there; what is under it cannot be checked.
    if (branch === undefined) return { key: String(segment), schema: undefined };
    current = branch;
  }
  if (Array.isArray(container) || (current.type === 'array' && !isRecord(container))) {
    const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN;
    if (Number.isNaN(index)) return { error: `${where} is a list; index it like ${path}[0]` };
    const length = Array.isArray(container) ? container.length : 0;
    if (index > length) return { error: `${where} has ${length} item${length === 1 ? '' : 's'}; index ${index} is past its end` };
    const items = current.items;
    const itemSchema = Array.isArray(items) ? (items[index] as JsonSchema | undefined) : isRecord(items) ? items : undefined;
    return { key: index, schema: itemSchema };
  }
  const key = String(segment);
  if (typeof segment === 'number') return { error: `${where} is not a list; it has no item [${segment}]` };
  const properties = isRecord(current.properties) ? (current.properties as Record<string, JsonSchema>) : undefined;
  if (properties !== undefined && Object.hasOwn(properties, key)) return { key, schema: properties[key] };
  if (current.additionalProperties === false) {
    return { error: unknownKeyMessage(key, current), unknownKey: { key, schema: current } };
  }
  if (current.type !== undefined && current.type !== 'object') {
    return { error: `${where} is ${describeSchema(current)}; it has no key ${JSON.stringify(key)}` };
  }
  return { key, schema: isRecord(current.additionalProperties) ? current.additionalProperties : undefined };
}

/**
 * Applies one override to `config` (checking its path against `root`, the config schema) and
 * records it as the origin of what it set. Returns an issue instead when it cannot apply.
 */
export function applyOverride(
  override: Override,
  config: Record<string, unknown>,
  origins: Origins,
  root: JsonSchema,
): ConfigIssue | undefined {
  const { arg, segments } = override;
  const target = segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  const fail = (message: string): ConfigIssue => ({ file: SET_FILE, line: 0, col: 0, path: target, message, arg });
  if (segments[0] === 'extends') return fail('extends can only be given in a config file');
  let container: Record<string, unknown> | unknown[] = config;
  let schema: JsonSchema | undefined = root;
  let ptr = '';
  let path = '';
  // Containers missing on the way are built detached and attached only once the whole path checks out.
  let detached: { container: Record<string, unknown> | unknown[]; key: string | number; child: unknown; ptr: string } | undefined;
  const created: string[] = [];
  for (let i = 0; ; i++) {
    const segment = segments[i]!;
    const next = step(schema, container, segment, path, root);
    if ('error' in next) {
      if (next.unknownKey === undefined) return fail(next.error);
      // The key may exist elsewhere in the tree (model.n_head is model.attention.n_head): suggest across all of it.
      const paths = configKeyPaths(root, config);
      const suggestion = suggestKeyPath(segments.join('.'), paths) ?? suggestKeyPath(segments.slice(0, i + 1).join('.'), paths);
      return fail(unknownKeyMessage(next.unknownKey.key, next.unknownKey.schema, suggestion));
    }
    const { key } = next;
    const childPath = typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    const childPtr = childPointer(ptr, key);
    if (i === segments.length - 1) {
      const coerced = coerce(override.raw, next.schema === undefined ? undefined : resolve(next.schema, root).schema);
      if ('error' in coerced) return fail(coerced.error);
      if (detached !== undefined) {
        write(detached.container, detached.key, detached.child);
        removeSubtree(origins, detached.ptr);
      }
      for (const made of created) origins.set(made, { kind: 'set', arg });
      if (next.componentType === true && isRecord(container) && container.type !== coerced.value) {
        // A new type starts afresh, as in `extends`: the old type's params would not fit it.
        for (const param of Object.keys(container)) delete container[param];
        removeSubtree(origins, ptr);
        origins.set(ptr, { kind: 'set', arg });
      }
      write(container, key, coerced.value);
      removeSubtree(origins, childPtr);
      origins.set(childPtr, { kind: 'set', arg });
      return undefined;
    }
    let child = read(container, key);
    if (child === undefined || child === null) {
      child = emptyContainer(next.schema, root, segments[i + 1]!);
      if (detached === undefined) detached = { container, key, child, ptr: childPtr };
      else write(container, key, child);
      created.push(childPtr);
    } else if (!isRecord(child) && !Array.isArray(child)) {
      return fail(`${childPath} is ${showValue(child)}, which has no ${typeof segments[i + 1] === 'number' ? 'items' : 'keys'}`);
    }
    container = child as Record<string, unknown> | unknown[];
    schema = next.schema;
    ptr = childPtr;
    path = childPath;
  }
}

function read(container: Record<string, unknown> | unknown[], key: string | number): unknown {
  if (Array.isArray(container)) return container[Number(key)];
  return Object.hasOwn(container, key) ? container[String(key)] : undefined;
}

function write(container: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else setOwn(container, String(key), value);
}
