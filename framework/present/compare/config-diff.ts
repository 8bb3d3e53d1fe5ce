// Which config keys differ between runs: every leaf of each resolved config by its dotted path, and
// only the paths whose values are not the same in all of them.

/** A config leaf's dotted path ("model.attention.n_head") and its value; arrays are leaves. */
export type FlatConfig = Map<string, unknown>;

export interface DiffRow {
  path: string;
  /** One value per compared config, in their order; undefined where that config lacks the key. */
  values: unknown[];
}

/** The leaves of a config in the order they appear in it. */
export function flattenConfig(config: unknown, prefix = '', into: FlatConfig = new Map()): FlatConfig {
  if (config !== null && typeof config === 'object' && !Array.isArray(config)) {
    for (const [key, value] of Object.entries(config)) flattenConfig(value, prefix === '' ? key : `${prefix}.${key}`, into);
    return into;
  }
  if (prefix !== '') into.set(prefix, config);
  return into;
}

/**
 * The keys whose values differ across `configs` (a key missing from some counts as differing), in
 * the order they first appear; however many configs there are.
 */
export function configDiff(configs: readonly unknown[]): DiffRow[] {
  const flat = configs.map((config) => flattenConfig(config));
  const paths = new Set<string>();
  for (const leaves of flat) for (const path of leaves.keys()) paths.add(path);
  const rows: DiffRow[] = [];
  for (const path of paths) {
    const values = flat.map((leaves) => leaves.get(path));
    const first = canonical(values[0]);
    if (values.some((value) => canonical(value) !== first)) rows.push({ path, values });
  }
  return rows;
}

/** The config without the keys at `paths`: two configs equal under it differ only there. */
export function configWithout(config: unknown, paths: readonly string[]): string {
  const leaves = flattenConfig(config);
  for (const path of paths) leaves.delete(path);
  return canonical(Object.fromEntries([...leaves.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** JSON with undefined kept apart from null, so "missing" never equals an explicit null. */
function canonical(value: unknown): string {
  return value === undefined ? '\u0000missing' : JSON.stringify(value);
}
