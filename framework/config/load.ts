// A config file to a validated run config: YAML with positions, `extends`, `imports`, --set, schema defaults.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { AnyComponentDefinition } from '../registry/define.js';
import { Registry, RegistryError } from '../registry/registry.js';
import { checkComponents } from './checks.js';
import { checkTrainingMemory, machineMemoryBytes } from './memory-estimate.js';
import { readConfigFileText } from './config-text.js';
import { ConfigError, displayFile, tidyIssues, type ConfigIssue } from './errors.js';
import { importModule, ModuleLoadError } from './import-module.js';
import { showValue } from './messages.js';
import { copySubtree, findOrigin, isRecord, removeSubtree, setOwn, childPointer, type Origins } from './origins.js';
import { applyOverride, parseOverride, type Override } from './overrides.js';
import { buildConfigSchema } from './schema.js';
import type { ResolvedConfig, RunConfig } from './types.js';
import { compileConfigSchema, locate, validateConfig, type CompiledConfigSchema } from './validate.js';
import { parseYamlFile } from './yaml-source.js';

export { ConfigError, formatConfigError, formatConfigIssue, type ConfigIssue } from './errors.js';

export interface LoadConfigOptions {
  /** The components a config may name; never modified (imports go into a copy). */
  registry: Registry;
  /** `--set` arguments, `a.b.c=value`, applied in order after `extends`. */
  overrides?: string[];
  /** Resolves the config path and --set imports; file names in messages are shown relative to it. */
  cwd?: string;
  /** The memory training may use, in bytes (default: this machine's, or its container's limit). */
  availableMemoryBytes?: number;
}

export interface LoadedConfig extends ResolvedConfig {
  /** The given registry plus the config's `imports`: build the run's components from this one. */
  registry: Registry;
  /** Absolute paths of every config file read: the file itself, then its `extends` chain. */
  files: string[];
}

/** Reads, merges, overrides and validates a config file; throws ConfigError listing every mistake found. */
export async function loadConfig(file: string, options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  const text = await readConfigText(path, cwd);
  return new Loader(cwd).load(text, path, file, options);
}

/**
 * The registry a config's components come from: `registry` plus the files its `imports` (and its
 * parents') name, without validating the rest, so that `folio components` and `folio schema`
 * work on a config still being written. Throws ConfigError for an import that cannot be used.
 */
export async function loadConfigRegistry(file: string, options: LoadConfigOptions): Promise<Registry> {
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  const text = await readConfigText(path, cwd);
  return new Loader(cwd).registryOf(text, path, options.registry);
}

/** Like loadConfig for text in hand; `file` (default `config.yaml` in cwd) names it and anchors relative paths. */
export async function loadConfigText(text: string, options: LoadConfigOptions & { file?: string }): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? 'config.yaml';
  return new Loader(cwd).load(text, resolve(cwd, file), file, options);
}

/** JSON with object keys sorted at every depth: the same config always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 (hex) of the canonical JSON of a config. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

interface Layer {
  value: Record<string, unknown>;
  origins: Origins;
}

class Loader {
  private readonly files: string[] = [];
  private args: readonly string[] = [];

  constructor(private readonly cwd: string) {}

  async load(text: string, path: string, given: string, options: LoadConfigOptions): Promise<LoadedConfig> {
    this.args = options.overrides ?? [];
    const { value: config, origins } = await this.layer(text, path, []);
    const dir = dirname(path);

    const issues: ConfigIssue[] = [];
    const overrides: Override[] = [];
    for (const arg of options.overrides ?? []) {
      const parsed = parseOverride(arg);
      if ('segments' in parsed) overrides.push(parsed);
      else issues.push(parsed);
    }
    // Overrides of `imports` go first: they decide which components (and so which schema) exist.
    const isImports = (o: Override) => o.segments[0] === 'imports';
    const baseSchema = buildConfigSchema(options.registry);
    for (const override of overrides.filter(isImports)) {
      const issue = applyOverride(override, config, origins, baseSchema);
      if (issue !== undefined) issues.push(issue);
    }

    const registry = await this.imports(config, origins, dir, options.registry, issues);
    let compiled: CompiledConfigSchema;
    try {
      compiled = compileConfigSchema(registry);
    } catch (error) {
      if (registry === options.registry) throw error; // a built-in component's schema: a bug, not a config mistake
      issues.push(locate('/imports', 'value', `an imported component has an invalid params schema: ${messageOf(error)}`, origins, config, path));
      this.fail(issues);
    }

    for (const override of overrides.filter((o) => !isImports(o))) {
      const issue = applyOverride(override, config, origins, compiled.schema);
      if (issue !== undefined) issues.push(issue);
    }
    issues.push(...validateConfig(compiled, config, origins, path));
    if (issues.length > 0) this.fail(issues);
    // Components check what no single param's schema can (heads divide the width) only on a config the schema accepted.
    const problems = checkComponents(registry, config, origins, path);
    if (problems.length > 0) this.fail(problems);
    // Sizes that cannot fit in memory are refused here, at their key, before anything is recorded.
    const availableBytes = options.availableMemoryBytes ?? machineMemoryBytes();
    const tooBig = checkTrainingMemory(config, origins, path, { availableBytes, ...vocabularyOf(registry, config) });
    if (tooBig.length > 0) this.fail(tooBig);

    return { config: config as unknown as RunConfig, hash: configHash(config), file: given, dir, registry, files: [...this.files] };
  }

  async registryOf(text: string, path: string, base: Registry): Promise<Registry> {
    const { value: config, origins } = await this.layer(text, path, []);
    const issues: ConfigIssue[] = [];
    const registry = await this.imports(config, origins, dirname(path), base, issues);
    if (issues.length > 0) this.fail(issues);
    return registry;
  }

  private fail(issues: ConfigIssue[]): never {
    throw new ConfigError(tidyIssues(issues, this.files, this.args), this.cwd);
  }

  /** One file merged over its `extends` chain; `chain` holds the files that extend it. */
  private async layer(text: string, path: string, chain: string[]): Promise<Layer> {
    this.files.push(path);
    const parsed = parseYamlFile(path, text);
    if (parsed.issues.length > 0) this.fail(parsed.issues);
    const value = parsed.value as Record<string, unknown>;
    const { origins } = parsed;
    if (!Object.hasOwn(value, 'extends')) return { value, origins };

    const parentName = value.extends;
    const at = (message: string): ConfigIssue => locate('/extends', 'value', message, origins, value, path);
    delete value.extends;
    if (typeof parentName !== 'string' || parentName.trim() === '') {
      this.fail([at(`expected the path of a parent config file, got ${showValue(parentName)}`)]);
    }
    const parentPath = resolve(dirname(path), parentName);
    const seen = [...chain, path];
    const loopStart = seen.indexOf(parentPath);
    if (loopStart !== -1) {
      const loop = [...seen.slice(loopStart), parentPath].map((f) => displayFile(f, this.cwd));
      this.fail([at(`extends goes round in a circle: ${loop.join(' -> ')}`)]);
    }
    const parentText = await readText(parentPath);
    if (typeof parentText !== 'string') {
      this.fail([at(`cannot read ${JSON.stringify(parentName)} (${displayFile(parentPath, this.cwd)}): ${parentText.reason}`)]);
    }
    removeSubtree(origins, '/extends');
    const parent = await this.layer(parentText, parentPath, seen);
    return merge(parent, { value, origins });
  }

  /** Registers the config's `imports` into a copy of `base` (or returns `base` when there are none). */
  private async imports(
    config: Record<string, unknown>,
    origins: Origins,
    dir: string,
    base: Registry,
    issues: ConfigIssue[],
  ): Promise<Registry> {
    const list = config.imports;
    if (!Array.isArray(list) || list.length === 0) return base; // a non-list is reported by the schema
    const registry = base.copy();
    const topFile = this.files[0]!;
    for (const [index, item] of list.entries()) {
      if (typeof item !== 'string' || item === '') continue; // reported by the schema
      const ptr = childPointer('/imports', index);
      const problem = (message: string) => issues.push(locate(ptr, 'value', message, origins, config, topFile));
      const found = findOrigin(origins, ptr);
      const from = found?.origin.kind === 'file' ? dirname(found.origin.file) : this.cwd;
      const target = resolve(from, item);
      if (!(await isFile(target))) {
        problem(`cannot find ${JSON.stringify(item)} (looked for ${displayFile(target, this.cwd)})`);
        continue;
      }
      const shown = displayFile(target, this.cwd);
      let module: Record<string, unknown>;
      try {
        module = await importModule(target, shown);
      } catch (error) {
        if (!(error instanceof ModuleLoadError)) throw error;
        problem(`cannot import ${JSON.stringify(item)}: ${error.message}`);
        continue;
      }
      const exported = module.default;
      if (exported === undefined) {
        problem(`${JSON.stringify(item)} has no default export; write export default defineComponent({ ... }) or a list of them`);
        continue;
      }
      const definitions = Array.isArray(exported) ? exported : [exported];
      const bad = definitions.findIndex((d) => !isDefinition(d));
      if (bad !== -1) {
        const which = Array.isArray(exported) ? `item ${bad} of the default export` : 'the default export';
        problem(`${which} of ${JSON.stringify(item)} is not a component definition (an object with kind, type, summary, params and create)`);
        continue;
      }
      const invalid = invalidSchemaMessage(registry, definitions as AnyComponentDefinition[]);
      if (invalid !== undefined) {
        problem(`${JSON.stringify(item)}: ${invalid}`);
        continue;
      }
      try {
        registry.registerFrom(shown, ...(definitions as AnyComponentDefinition[]));
      } catch (error) {
        if (!(error instanceof RegistryError)) throw error;
        problem(`${JSON.stringify(item)}: ${error.message}`);
        continue;
      }
      // Paths in the result are relative to the config file itself, whichever file named them.
      if (from !== dir) list[index] = relative(dir, target).split(sep).join('/');
    }
    return registry;
  }
}

/**
 * `over` on top of `base`: mappings merge key by key, lists and scalars replace. A component node
 * whose `type:` differs from the one it overrides replaces it whole, so the old type's params go.
 */
function merge(base: Layer, over: Layer): Layer {
  const origins: Origins = new Map(base.origins);
  const value = mergeValue(base.value, over.value, '', origins, over.origins) as Record<string, unknown>;
  return { value, origins };
}

function mergeValue(base: unknown, over: unknown, ptr: string, origins: Origins, overOrigins: Origins): unknown {
  const retyped = isRecord(base) && isRecord(over) && Object.hasOwn(over, 'type') && Object.hasOwn(base, 'type') && over.type !== base.type;
  if (isRecord(base) && isRecord(over) && !retyped) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(base)) setOwn(out, key, base[key]);
    for (const key of Object.keys(over)) {
      const childPtr = childPointer(ptr, key);
      setOwn(out, key, Object.hasOwn(base, key) ? mergeValue(base[key], over[key], childPtr, origins, overOrigins) : replace(over[key], childPtr, origins, overOrigins));
    }
    const own = overOrigins.get(ptr);
    if (own !== undefined) origins.set(ptr, own);
    return out;
  }
  return replace(over, ptr, origins, overOrigins);
}

function replace(over: unknown, ptr: string, origins: Origins, overOrigins: Origins): unknown {
  removeSubtree(origins, ptr);
  copySubtree(overOrigins, origins, ptr);
  return over;
}

/**
 * Why `definitions` cannot join `registry`: a params schema that is not valid JSON Schema (ajv,
 * strict, compiles the whole config schema with them), or undefined. Checked file by file, so the
 * message names the file at fault rather than the imports as a whole.
 */
function invalidSchemaMessage(registry: Registry, definitions: AnyComponentDefinition[]): string | undefined {
  const trial = registry.copy();
  try {
    trial.register(...definitions);
  } catch {
    return undefined; // a clash or a bad kind: registering for real reports it
  }
  try {
    compileConfigSchema(trial);
    return undefined;
  } catch (error) {
    const names = definitions.map((d) => `${d.kind} "${d.type}"`).join(', ');
    return `the params schema of ${names} is not valid JSON Schema: ${messageOf(error)}`;
  }
}

/** The vocabulary size the configured tokenizer knows before it sees the text (byte-bpe's vocab_size), if any. */
function vocabularyOf(registry: Registry, config: Record<string, unknown>): { vocabSize?: number } {
  const node = config.tokenizer;
  if (!isRecord(node) || typeof node.type !== 'string') return {};
  const definition = registry.list('tokenizer').find((d) => d.type === node.type);
  const vocabSize = definition?.vocabSize?.(node as never);
  return typeof vocabSize === 'number' ? { vocabSize } : {};
}

function isDefinition(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    typeof value.type === 'string' &&
    typeof value.summary === 'string' &&
    isRecord(value.params) &&
    typeof value.create === 'function'
  );
}

async function readConfigText(path: string, cwd: string): Promise<string> {
  const text = await readText(path);
  if (typeof text !== 'string') {
    throw new ConfigError([{ file: path, line: 0, col: 0, path: '', message: `cannot read the config file: ${text.reason}` }], cwd);
  }
  return text;
}

async function readText(path: string): Promise<string | { reason: string }> {
  return readConfigFileText(path);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
