// Every key path of a config (`model.attention.n_head`), found by walking the schema along the
// component types the config chose: what "did you mean" for --set and shell completion offer.
import type { JsonSchema } from '../registry/define.js';
import { nearest } from '../registry/nearest.js';
import { isRecord } from './origins.js';

/** How deep component params may nest (a model's block's attention): guards self-referring kinds. */
const MAX_DEPTH = 8;

/**
 * The dotted key paths of `config` under `root` (the config schema). Component nodes contribute
 * the params of the type the config names; with `config` undefined, those of every registered
 * type (for completion, before any config is chosen).
 */
export function configKeyPaths(root: JsonSchema, config?: unknown): string[] {
  const paths = new Set<string>();
  walk(root, root, config, '', 0, config === undefined, paths);
  return [...paths];
}

function walk(schema: JsonSchema, root: JsonSchema, value: unknown, path: string, depth: number, everyBranch: boolean, out: Set<string>): void {
  if (depth > MAX_DEPTH) return;
  const target = followRef(schema, root);
  const branches = Array.isArray(target.oneOf) ? (target.oneOf as JsonSchema[]) : [];
  if (branches.length > 0 && isRecord(target.discriminator)) {
    out.add(join(path, 'type'));
    const chosen = isRecord(value) ? value.type : undefined;
    const picked = everyBranch ? branches : branches.filter((b) => isRecord(b.properties) && isRecord(b.properties.type) && b.properties.type.const === chosen);
    for (const branch of picked) walkProperties(branch, root, value, path, depth, everyBranch, out);
    return;
  }
  walkProperties(target, root, value, path, depth, everyBranch, out);
}

function walkProperties(schema: JsonSchema, root: JsonSchema, value: unknown, path: string, depth: number, everyBranch: boolean, out: Set<string>): void {
  if (!isRecord(schema.properties)) return;
  for (const [key, child] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
    const childPath = join(path, key);
    out.add(childPath);
    if (!isRecord(child)) continue;
    const childValue = isRecord(value) && Object.hasOwn(value, key) ? value[key] : child.default;
    walk(child, root, childValue, childPath, depth + 1, everyBranch, out);
  }
}

function followRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && current.$ref.startsWith('#/') && hops < 32; hops++) {
    let target: unknown = root;
    for (const part of current.$ref.slice(2).split('/')) target = isRecord(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (!isRecord(target)) break;
    current = target;
  }
  return current;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The path someone who typed `typed` most likely meant, across the whole tree: the same key name
 * elsewhere (model.n_head -> model.attention.n_head), a longer key that starts with it
 * (train.batch -> train.batch_size), else the nearest sibling by spelling (model.n_layers -> model.n_layer).
 */
export function suggestKeyPath(typed: string, paths: readonly string[]): string | undefined {
  const segments = typed.split('.');
  const leaf = segments.at(-1)!;
  const leafOf = (path: string) => path.split('.').at(-1)!;
  const shared = (path: string) => {
    const parts = path.split('.');
    let n = 0;
    while (n < parts.length && n < segments.length - 1 && parts[n] === segments[n]) n++;
    return n;
  };
  const best = (candidates: string[]) =>
    candidates.sort((a, b) => shared(b) - shared(a) || a.split('.').length - b.split('.').length || a.localeCompare(b))[0];
  const others = paths.filter((path) => path !== typed);
  const sameName = others.filter((path) => leafOf(path) === leaf);
  if (sameName.length > 0) return best(sameName);
  if (leaf.length >= 3) {
    const started = others.filter((path) => leafOf(path).startsWith(leaf) && shared(path) === segments.length - 1);
    if (started.length > 0) return best(started);
  }
  // A misspelling is looked for among its siblings only: across the tree, near names are noise.
  const siblings = others.filter((path) => path.split('.').length === segments.length && shared(path) === segments.length - 1);
  const closest = nearest(leaf, siblings.map(leafOf));
  return closest === undefined ? undefined : siblings.find((path) => leafOf(path) === closest);
}
