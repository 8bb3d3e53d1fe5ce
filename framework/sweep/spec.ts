// A sweep spec from a sweep file (experiments/*.yaml) or from `folio sweep <config> --param a=1,2`.
// Mistakes are ConfigErrors at the sweep file's line:col (or naming the --param), like config
// mistakes. The spec carries where each parameter was written, so that validatePoints (run it
// before any trial) can show a point's mistake there.
import { basename, dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { readConfigFileText } from '../config/config-text.js';
import { ConfigError, displayFile, tidyIssues, type ConfigIssue } from '../config/errors.js';
import { childPointer, type Origins } from '../config/origins.js';
import { parseOverride } from '../config/overrides.js';
import { locate, validateConfig } from '../config/validate.js';
import { parseYamlFile } from '../config/yaml-source.js';
import { compiledSweepSchema, EARLY_STOP_SETTINGS, type Distribution } from './spec-schema.js';
import { countGridPoints } from './space.js';
import { SweepError } from './errors.js';
import type { EarlyStop, Goal, Method, ParameterSpace, SweepSpec } from './types.js';
import { issueAt, type ParameterOrigin, type SweepOrigins, type SweepSpot } from './validate-points.js';

export type { ParameterOrigin, SweepOrigins, SweepSpot } from './validate-points.js';

export interface SweepOptions {
  /** `folio sweep --set k=v`: applied to every trial before the point's values. */
  overrides?: string[];
  /** `folio sweep --parallel N`: replaces the file's `parallel`. */
  parallel?: number;
  /** Resolves the given paths; file names in messages are shown relative to it. */
  cwd?: string;
}

/** A spec and where its parameters were written (not enumerable: see `withOrigins`). */
export type LoadedSweep = SweepSpec & { readonly origins: SweepOrigins };

// Judging a trial at step 0 compares random initialisations; 100 steps is past the first drop of
// the loss for Folio's configs and still early enough to save most of a bad trial.
const MEDIAN_DEFAULTS = { warmup_steps: 100, min_trials: 3 };
// The Hyperband paper's eta = 3: a third of the trials at each rung go on to the next.
const ASHA_DEFAULTS = { min_steps: 100, reduction_factor: 3 };

/** What the sweep file schema lets through. */
interface SweepFile {
  name?: string;
  base: string;
  metric: string;
  goal: Goal;
  method: Method;
  trials?: number;
  parallel: number;
  seeds?: number[];
  sampler_seed: number;
  /** A pruner's name alone (`early_stop: median`) takes its default settings. */
  early_stop?: EarlyStop['type'] | ({ type: EarlyStop['type'] } & Record<string, number>);
  parameters: Record<string, unknown[] | DistributionNode>;
}

interface DistributionNode {
  distribution: Distribution;
  min?: number;
  max?: number;
  values?: unknown[];
}

/**
 * Reads and checks a sweep file, its base config readable; throws ConfigError (exit 2) listing
 * the mistakes. Its points are checked against the config schema by validatePoints.
 */
export async function loadSweepFile(path: string, options: SweepOptions): Promise<LoadedSweep> {
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, path);
  const fail = (issues: ConfigIssue[]): never => {
    throw new ConfigError(tidyIssues(issues, [file]), cwd);
  };
  const text = await readText(file);
  if (typeof text !== 'string') fail([{ file, line: 0, col: 0, path: '', message: `cannot read the sweep file: ${text.reason}` }]);
  const parsed = parseYamlFile(file, text as string);
  if (parsed.issues.length > 0) fail(parsed.issues);
  const data = parsed.value as SweepFile;
  refuseConfigFile(data, displayFile(file, cwd));
  const schemaIssues = validateConfig(compiledSweepSchema(), data, parsed.origins, file);
  if (schemaIssues.length > 0) fail(schemaIssues);

  const where = new Where(file, parsed.origins, data);
  const issues: ConfigIssue[] = [];
  const origins = new Map<string, ParameterOrigin>();
  const parameters: ParameterSpace[] = [];
  for (const [key, node] of Object.entries(data.parameters)) {
    const parameter = readParameter(key, node, data.method, where, issues);
    if (parameter === undefined) continue;
    parameters.push(parameter);
    origins.set(key, parameterOrigin(key, node, where));
  }
  const earlyStop = readEarlyStop(data.early_stop, where, issues);
  const trials = readTrials(data, parameters, where, issues);
  if (issues.length > 0) fail(issues);

  const base = resolve(dirname(file), data.base);
  const baseText = await readText(base);
  if (typeof baseText !== 'string') {
    fail([where.issue('/base', 'value', `cannot read ${JSON.stringify(data.base)} (${displayFile(base, cwd)}): ${baseText.reason}`)]);
  }

  const spec: SweepSpec = {
    name: data.name ?? basename(file, extname(file)),
    base,
    metric: data.metric,
    goal: data.goal,
    method: data.method,
    trials: trials ?? countGridPoints(parameters),
    parallel: parallelOf(options, data.parallel, cwd),
    seeds: data.seeds ?? [],
    ...(earlyStop === undefined ? {} : { earlyStop }),
    parameters,
    overrides: options.overrides ?? [],
    samplerSeed: data.sampler_seed,
  };
  return withOrigins(spec, origins);
}

/**
 * A config given where a sweep file was expected (`folio sweep configs/x.yaml` without --param):
 * one line that says what to do, instead of one schema error per config key.
 */
function refuseConfigFile(data: unknown, shown: string): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
  if ('base' in data || 'parameters' in data) return;
  throw new SweepError(
    `${shown} is a config, not a sweep file (it has no base: and no parameters:): add --param, e.g. folio sweep ${shown} --param optimizer.lr=1e-3,3e-3, or write a sweep file (see docs/sweeps.md)`,
  );
}

/** Whether `path` reads as a sweep file (a mapping with `base` and `parameters`) rather than a config. */
export async function isSweepFile(path: string, cwd: string = process.cwd()): Promise<boolean> {
  const text = await readText(resolve(cwd, path));
  if (typeof text !== 'string') return false;
  const document = parseDocument(text);
  let value: unknown;
  try {
    value = document.errors.length === 0 ? document.toJS() : undefined;
  } catch {
    return false; // aliases that expand too far: the config loader says where
  }
  return typeof value === 'object' && value !== null && 'base' in value && 'parameters' in value;
}

/**
 * `folio sweep configs/x.yaml --param optimizer.lr=1e-3,3e-3 --param model.n_layer=2,4`: a grid over
 * the listed values (each read as YAML, like --set; `[0.9,0.99]` is one list value), minimizing val/loss.
 */
export async function sweepFromCommandLine(configPath: string, params: string[], options: SweepOptions): Promise<LoadedSweep> {
  const cwd = options.cwd ?? process.cwd();
  const issues: ConfigIssue[] = [];
  const origins = new Map<string, ParameterOrigin>();
  const parameters: ParameterSpace[] = [];
  if (params.length === 0) {
    const message = 'a sweep needs at least one --param, e.g. --param optimizer.lr=1e-3,3e-3';
    issues.push({ file: '--param', line: 0, col: 0, path: '', message });
  }
  for (const arg of params) {
    const read = readParamArgument(arg);
    if ('message' in read) issues.push(read);
    else if (origins.has(read.path)) issues.push(issueAt({ param: arg }, read.path, `${read.path} is already swept by an earlier --param`));
    else {
      const spot: SweepSpot = { param: arg };
      parameters.push({ path: read.path, kind: 'values', values: read.values });
      origins.set(read.path, { key: spot, values: read.values.map(() => spot) });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, cwd);

  const base = resolve(cwd, configPath);
  const spec: SweepSpec = {
    name: basename(base, extname(base)),
    base,
    metric: 'val/loss',
    goal: 'minimize',
    method: 'grid',
    trials: countGridPoints(parameters),
    parallel: parallelOf(options, 1, cwd),
    seeds: [],
    parameters,
    overrides: options.overrides ?? [],
    samplerSeed: 0,
  };
  return withOrigins(spec, origins);
}

/** `path=v1,v2,...` to the path and its values; a ConfigIssue naming the argument when it cannot. */
function readParamArgument(arg: string): { path: string; values: unknown[] } | ConfigIssue {
  const fail = (message: string) => issueAt({ param: arg }, '', message);
  const eq = arg.indexOf('=');
  if (eq === -1) return fail('expected path=value,value,..., e.g. optimizer.lr=1e-3,3e-3');
  const override = parseOverride(arg);
  if (!('segments' in override)) return fail(override.message);
  const raw = arg.slice(eq + 1);
  if (raw.trim() === '') return fail('no values after =; list them separated by commas, e.g. optimizer.lr=1e-3,3e-3');
  // The values as one YAML flow list, so a value may itself be a list: betas=[0.9,0.99],[0.9,0.95].
  const doc = parseDocument(`[${raw}]`);
  if (doc.errors.length > 0) return fail(`cannot read the values: ${doc.errors[0]!.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')}`);
  let values: unknown[];
  try {
    values = doc.toJS() as unknown[];
  } catch (error) {
    return fail(`cannot read the values: ${error instanceof Error ? error.message : String(error)}`); // aliases that expand too far
  }
  if (values.some((value) => value === null)) return fail('an empty value between commas; list them like optimizer.lr=1e-3,3e-3');
  return { path: arg.slice(0, eq).trim(), values };
}

/** Positions in the sweep file, by JSON pointer, the way the config validator finds them. */
class Where {
  constructor(
    private readonly file: string,
    private readonly origins: Origins,
    private readonly data: unknown,
  ) {}

  issue(ptr: string, at: 'key' | 'value', message: string, path?: string): ConfigIssue {
    const issue = locate(ptr, at, message, this.origins, this.data, this.file);
    return path === undefined ? issue : { ...issue, path };
  }

  spot(ptr: string, at: 'key' | 'value'): SweepSpot {
    const { file, line, col } = this.issue(ptr, at, '');
    return { file, line, col };
  }

  has(ptr: string): boolean {
    return this.origins.has(ptr);
  }
}

const parameterPointer = (key: string) => childPointer('/parameters', key);

/** One `parameters:` entry as a ParameterSpace, or undefined after recording its mistakes. */
function readParameter(
  key: string,
  node: unknown[] | DistributionNode,
  method: Method,
  where: Where,
  issues: ConfigIssue[],
): ParameterSpace | undefined {
  const ptr = parameterPointer(key);
  const problem = (at: string, message: string, on: 'key' | 'value' = 'value') => issues.push(where.issue(at, on, message, key));
  const override = parseOverride(`${key}=`);
  if (!('segments' in override)) {
    problem(ptr, override.message, 'key');
    return undefined;
  }
  if (Array.isArray(node)) {
    if (node.length > 0) return { path: key, kind: 'values', values: node };
    problem(ptr, 'expected at least one value, e.g. [1.0e-3, 3.0e-3]');
    return undefined;
  }
  const { distribution, values } = node;
  if (distribution === 'choice') {
    const before = issues.length;
    if (values === undefined) problem(ptr, 'a choice needs its values, e.g. { distribution: choice, values: [constant, warmup-cosine] }');
    else if (values.length === 0) problem(childPointer(ptr, 'values'), 'expected at least one value');
    for (const bound of ['min', 'max'] as const) {
      if (node[bound] !== undefined) problem(childPointer(ptr, bound), `a choice has no ${bound}; it picks from its values`, 'key');
    }
    return issues.length > before ? undefined : { path: key, kind: 'choice', values: values! };
  }
  if (method === 'grid') {
    problem(
      childPointer(ptr, 'distribution'),
      `method: grid tries a list of values; a ${distribution} distribution needs method: random or tpe (or write the values, e.g. [1, 2, 4])`,
    );
    return undefined;
  }
  return readRange(key, node, where, issues);
}

/** A uniform, log-uniform or int-uniform distribution's bounds, checked. */
function readRange(key: string, node: DistributionNode, where: Where, issues: ConfigIssue[]): ParameterSpace | undefined {
  const ptr = parameterPointer(key);
  const { distribution, min, max } = node;
  const problem = (at: string, message: string, on: 'key' | 'value' = 'value') => issues.push(where.issue(at, on, message, key));
  const before = issues.length;
  if (node.values !== undefined) {
    problem(childPointer(ptr, 'values'), `${distribution} draws between min and max; values are for choice or a list`, 'key');
  }
  if (min === undefined || max === undefined) {
    problem(ptr, `${distribution} needs min and max, e.g. { distribution: ${distribution}, min: 1, max: 8 }`);
    return undefined;
  }
  if (distribution === 'int-uniform') {
    for (const bound of ['min', 'max'] as const) {
      if (!Number.isInteger(node[bound])) problem(childPointer(ptr, bound), `int-uniform bounds are whole numbers, got ${node[bound]}`);
    }
  }
  if (distribution === 'log-uniform' && min <= 0) problem(childPointer(ptr, 'min'), `log-uniform needs min > 0, got ${min}`);
  if (!(max > min)) problem(childPointer(ptr, 'max'), `expected max > min (${min}), got ${max}`);
  if (issues.length > before) return undefined;
  const kind = distribution as 'uniform' | 'log-uniform' | 'int-uniform';
  return { path: key, kind, min, max };
}

function parameterOrigin(key: string, node: unknown[] | DistributionNode, where: Where): ParameterOrigin {
  const ptr = parameterPointer(key);
  const spotIf = (child: string): SweepSpot | undefined => {
    const at = childPointer(ptr, child);
    return where.has(at) ? where.spot(at, 'value') : undefined;
  };
  const valuesPtr = Array.isArray(node) ? ptr : childPointer(ptr, 'values');
  const list = Array.isArray(node) ? node : (node.values ?? []);
  const origin: ParameterOrigin = { key: where.spot(ptr, 'key'), values: list.map((_, i) => where.spot(childPointer(valuesPtr, i), 'value')) };
  for (const field of ['distribution', 'min', 'max'] as const) {
    const spot = Array.isArray(node) ? undefined : spotIf(field);
    if (spot !== undefined) origin[field] = spot;
  }
  return origin;
}

/** The pruner's settings with defaults, refusing the other pruner's settings. */
function readEarlyStop(given: SweepFile['early_stop'], where: Where, issues: ConfigIssue[]): EarlyStop | undefined {
  if (given === undefined) return undefined;
  if (typeof given === 'string' && !(given in EARLY_STOP_SETTINGS)) {
    issues.push(where.issue('/early_stop', 'value', `unknown early stopping "${given}"; expected ${Object.keys(EARLY_STOP_SETTINGS).join(' or ')}`));
    return undefined;
  }
  const node = typeof given === 'string' ? { type: given } : given;
  const own = Object.keys(EARLY_STOP_SETTINGS[node.type]);
  for (const key of Object.keys(node)) {
    if (key === 'type' || own.includes(key)) continue;
    const other = node.type === 'median' ? 'asha' : 'median';
    issues.push(where.issue(childPointer('/early_stop', key), 'key', `${key} is an ${other} setting; ${node.type} takes ${own.join(' and ')}`));
  }
  if (node.type === 'median') {
    return { type: 'median', ...MEDIAN_DEFAULTS, ...settings(node, own) };
  }
  return { type: 'asha', ...ASHA_DEFAULTS, ...settings(node, own) };
}

/** The given settings among `keys`, to spread over the defaults. */
function settings(node: Record<string, unknown>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.filter((key) => node[key] !== undefined).map((key) => [key, node[key] as number]));
}

/** `trials` is the budget of random and tpe; a grid runs its every point and takes none. */
function readTrials(data: SweepFile, parameters: ParameterSpace[], where: Where, issues: ConfigIssue[]): number | undefined {
  if (data.method === 'grid') {
    if (data.trials !== undefined) {
      const points = parameters.every((p) => p.kind === 'values' || p.kind === 'choice') ? ` (${countGridPoints(parameters)} here)` : '';
      const method = where.has('/method') ? 'method: grid' : 'method: grid (the default)';
      issues.push(where.issue('/trials', 'key', `trials is the budget of method: random or tpe; ${method} runs every point${points}`));
    }
    return undefined;
  }
  if (data.trials === undefined) {
    issues.push(where.issue('/method', 'value', `method: ${data.method} needs trials: (how many points to try)`, 'trials'));
  }
  return data.trials;
}

function parallelOf(options: SweepOptions, fromFile: number, cwd: string): number {
  const given = options.parallel;
  if (given === undefined) return fromFile;
  if (Number.isInteger(given) && given >= 1) return given;
  throw new ConfigError([{ file: '--parallel', line: 0, col: 0, path: '', message: `expected an integer >= 1, got ${given}` }], cwd);
}

/**
 * Adds `origins` without making it part of the spec's JSON: that JSON is the sweep's identity in
 * the store, and moving a line of the sweep file must not turn it into a new sweep.
 */
function withOrigins(spec: SweepSpec, origins: SweepOrigins): LoadedSweep {
  return Object.defineProperty({ ...spec }, 'origins', { value: origins, enumerable: false }) as LoadedSweep;
}

async function readText(path: string): Promise<string | { reason: string }> {
  return readConfigFileText(path); // worded as the config loader words an unreadable file, with its size limit
}
