// Before any trial runs: every point a sweep can produce loads as a valid config. Each point goes
// through the config loader as `--set` overrides of the base config, and what it refuses is shown
// where the sweep wrote it: an unknown path at the parameter's key, a refused value at the value.
import { ConfigError, loadConfig, type ConfigIssue } from '../config/load.js';
import { SET_FILE, tidyIssues } from '../config/errors.js';
import { applyOverride, parseOverride, type Override } from '../config/overrides.js';
import type { Segment } from '../config/origins.js';
import { compileConfigSchema } from '../config/validate.js';
import type { JsonSchema } from '../registry/define.js';
import type { Registry } from '../registry/registry.js';
import { formatParameterValue } from './point-label.js';
import { gridPoints, pointOverrides } from './space.js';
import type { ParameterSpace, Point, SweepSpec } from './types.js';

/** Where part of a sweep was written: a position in the sweep file, or a `--param` argument. */
export type SweepSpot = { file: string; line: number; col: number } | { param: string };

/** Where one parameter's path and each of its values were written. */
export interface ParameterOrigin {
  key: SweepSpot;
  /** A list's (or a choice's) values, by index. */
  values: SweepSpot[];
  distribution?: SweepSpot;
  min?: SweepSpot;
  max?: SweepSpot;
}

/** Parameter origins by config path. */
export type SweepOrigins = ReadonlyMap<string, ParameterOrigin>;

export interface ValidatePointsOptions {
  registry: Registry;
  /** Resolves relative paths; file names in messages are shown relative to it. */
  cwd?: string;
}

/** The issue `message` at `spot`; a --param argument is named like a --set one: `--param a=1,2: …`. */
export function issueAt(spot: SweepSpot, path: string, message: string): ConfigIssue {
  if ('param' in spot) return { file: `--param ${spot.param}`, line: 0, col: 0, path: '', message, arg: spot.param };
  return { file: spot.file, line: spot.line, col: spot.col, path, message };
}

/** One value a check gives a parameter, where it was written, and what to add when it was not. */
interface Candidate {
  value: unknown;
  spot: SweepSpot;
  /** For a value the sweep can draw but did not write, e.g. "(uniform can draw it between 1 and 4)". */
  note?: string;
}

/** One point to load, with the candidate behind each of its values. */
type Check = Map<string, Candidate>;

// Beyond this many integers an int-uniform's bounds stand for its values: loading a config per
// integer would cost seconds, and schemas bound integers by ranges, not by holes.
const MAX_ENUMERATED_INTEGERS = 256;

/**
 * Throws a ConfigError listing every distinct mistake (as `folio validate` does): of the base
 * config and the sweep's --set overrides first, then of the points, at the positions in
 * `spec.origins` (set by loadSweepFile and sweepFromCommandLine).
 */
export async function validatePoints(spec: SweepSpec & { origins?: SweepOrigins }, options: ValidatePointsOptions): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const origins = withFallback(spec, spec.origins);
  const load = (overrides: string[]) => loadConfig(spec.base, { registry: options.registry, cwd, overrides: [...spec.overrides, ...overrides] });
  // The base's own mistakes (and the --set ones) are reported as the config loader words them.
  const base = await load([]);
  const schema = compileConfigSchema(base.registry).schema;

  const issues: ConfigIssue[] = [];
  const loaded = new Set<string>();
  // A grid's points are real combinations: a refusal names its point. Random and tpe checks are
  // each value beside the others' first values, not points the search will try.
  const namePoint = spec.method === 'grid';
  const reported = new Set<string>();
  for (const check of checksOf(spec, origins)) {
    const { issues: pathIssues, unknown } = checkPaths(check, base.config, schema, origins);
    issues.push(...pathIssues);
    // The values at unknown paths cannot be checked; the others still can.
    for (const path of unknown) check.delete(path);
    const args = pointOverrides(pointOf(check));
    const key = JSON.stringify(args);
    if (loaded.has(key)) continue; // a grid point that differed only at an unknown path
    loaded.add(key);
    try {
      await load(args);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const issue of error.issues) {
        const placed = placeIssue(issue, check, args);
        // The same refusal at the same value is said once, at the first point that has it.
        const seen = `${placed.file}:${placed.line}:${placed.col}:${placed.message}`;
        if (reported.has(seen)) continue;
        reported.add(seen);
        issues.push(namePoint && placed !== issue ? { ...placed, message: `${pointText(check)}: ${placed.message}` } : placed);
      }
    }
  }
  if (issues.length === 0) return;
  const fileOrder = [...new Set([...origins.values()].map((origin) => spotFile(origin.key)))];
  throw new ConfigError(tidyIssues(issues, fileOrder), cwd);
}

/** A spec read back from the store has no positions: its mistakes name the sweep and the parameter. */
function withFallback(spec: SweepSpec, origins: SweepOrigins | undefined): SweepOrigins {
  const spot: SweepSpot = { file: `sweep ${JSON.stringify(spec.name)}`, line: 0, col: 0 };
  return new Map(spec.parameters.map((p) => [p.path, origins?.get(p.path) ?? { key: spot, values: [] }]));
}

function spotFile(spot: SweepSpot): string {
  return 'param' in spot ? `--param ${spot.param}` : spot.file;
}

function pointOf(check: Check): Point {
  const point: Point = {};
  for (const [path, candidate] of check) point[path] = candidate.value;
  return point;
}

/** The points to load: a grid's every point; for random and tpe each value it can draw, one at a time. */
function checksOf(spec: SweepSpec, origins: SweepOrigins): Check[] {
  const candidates = new Map(spec.parameters.map((p) => [p.path, candidatesOf(p, origins.get(p.path)!, spec.method === 'grid')]));
  if (spec.method === 'grid') {
    // The grid of candidate indices, in the order gridPoints gives: each point with its spots.
    const indices = gridPoints(spec.parameters.map((p) => ({ path: p.path, kind: 'values', values: candidates.get(p.path)!.map((_, i) => i) })));
    return indices.map((point) => new Map(spec.parameters.map((p) => [p.path, candidates.get(p.path)![point[p.path] as number]!])));
  }
  // Random points mix every value with every other; checking each value next to the others'
  // first values finds each refused value once, without the whole product.
  const checks: Check[] = [];
  for (const [n, parameter] of spec.parameters.entries()) {
    for (const [i, candidate] of candidates.get(parameter.path)!.entries()) {
      if (i === 0 && n > 0) continue; // the point of all first values is already checked
      checks.push(new Map(spec.parameters.map((p) => [p.path, p === parameter ? candidate : candidates.get(p.path)![0]!])));
    }
  }
  return checks;
}

function candidatesOf(parameter: ParameterSpace, origin: ParameterOrigin, grid: boolean): Candidate[] {
  const drawn = (value: number, description: string): Candidate => ({
    value,
    spot: origin.distribution ?? origin.key,
    note: `(${description} can draw it)`,
  });
  switch (parameter.kind) {
    case 'values':
    case 'choice':
      return parameter.values.map((value, i) => ({ value, spot: origin.values[i] ?? origin.key }));
    case 'uniform':
    case 'log-uniform': {
      if (grid) throw new Error(`a grid cannot enumerate the ${parameter.kind} distribution of ${parameter.path}`);
      const { min, max } = parameter;
      // A value strictly inside, never a whole number: finds an integer setting given a uniform.
      const fraction = 0.3819660112501051; // 2 - golden ratio: irrational, so min + fraction * span is not a round number
      const inside =
        parameter.kind === 'uniform' ? min + (max - min) * fraction : Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * fraction);
      return [
        { value: min, spot: origin.min ?? origin.key },
        { value: max, spot: origin.max ?? origin.key },
        drawn(shortFraction(inside, min, max), `${parameter.kind} between ${min} and ${max}`),
      ];
    }
    case 'int-uniform': {
      if (grid) throw new Error(`a grid cannot enumerate the int-uniform distribution of ${parameter.path}`);
      const { min, max } = parameter;
      const bounds: Candidate[] = [
        { value: min, spot: origin.min ?? origin.key },
        { value: max, spot: origin.max ?? origin.key },
      ];
      if (max - min + 1 > MAX_ENUMERATED_INTEGERS) return bounds;
      const inner = Array.from({ length: max - min - 1 }, (_, i) => drawn(min + 1 + i, `int-uniform from ${min} to ${max}`));
      return [bounds[0]!, ...inner, bounds[1]!];
    }
  }
}

/** `x` with as few significant digits as keep it a fraction strictly between min and max, for messages. */
function shortFraction(x: number, min: number, max: number): number {
  for (let digits = 3; digits < 17; digits++) {
    const short = Number(x.toPrecision(digits));
    if (!Number.isInteger(short) && short > min && short < max) return short;
  }
  return x;
}

/**
 * Walks each parameter's path through the base config as `--set` would (earlier parameters
 * applied first, so a `type` chosen by the point decides which settings exist); an unknown path
 * is reported at the parameter's key, with the nearest valid path.
 */
function checkPaths(check: Check, baseConfig: unknown, schema: JsonSchema, origins: SweepOrigins): { issues: ConfigIssue[]; unknown: string[] } {
  const issues: ConfigIssue[] = [];
  const unknown: string[] = [];
  const config = structuredClone(baseConfig) as Record<string, unknown>;
  const applied: string[] = [];
  for (const [path, candidate] of check) {
    const arg = pointOverrides({ [path]: candidate.value })[0]!;
    const override = parseOverride(arg);
    const problem = 'segments' in override ? applyOverride(override, config, new Map(), schema) : override;
    if (problem !== undefined) {
      const fresh = structuredClone(baseConfig) as Record<string, unknown>;
      const alone = 'segments' in override ? applyOverride(override, fresh, new Map(), schema) : problem;
      // A path that exists in the base config but not after an earlier parameter changed a type.
      const context = alone === undefined && applied.length > 0 ? ` (with ${applied.join(', ')})` : '';
      const message = 'segments' in override ? suggestFullPath(problem.message, override) : problem.message;
      issues.push(issueAt(origins.get(path)!.key, path, `${message}${context}`));
      unknown.push(path);
    }
    applied.push(arg);
  }
  return { issues, unknown };
}

/** `unknown key "n_layers" (did you mean n_layer?)` for `model.n_layers` becomes `… (did you mean model.n_layer?)`. */
function suggestFullPath(message: string, override: Override): string {
  const match = /^unknown key "((?:[^"\\]|\\.)*)" \(did you mean (.+?)\?\)/.exec(message);
  if (match === null || match[2]!.includes('.')) return message; // the config loader names whole paths now
  const unknown = JSON.parse(`"${match[1]}"`) as string;
  const index = override.segments.findIndex((segment) => String(segment) === unknown);
  if (index === -1) return message;
  const suggested = [...override.segments];
  suggested[index] = match[2]!;
  return message.replace(`(did you mean ${match[2]}?)`, `(did you mean ${dotted(suggested)}?)`);
}

function dotted(segments: readonly Segment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** "point {model.n_embd: 33, optimizer.lr: 3e-3}": a value may be refused only beside another one. */
function pointText(check: Check): string {
  return `point {${[...check.entries()].map(([path, candidate]) => `${path}: ${formatParameterValue(candidate.value)}`).join(', ')}}`;
}

/** A loader issue caused by one of the point's values, moved to where the sweep wrote that value. */
function placeIssue(issue: ConfigIssue, check: Check, args: readonly string[]): ConfigIssue {
  const index = issue.file === SET_FILE && issue.arg !== undefined ? args.indexOf(issue.arg) : -1;
  if (index === -1) return issue; // the base config's or a --set's, in this combination
  const [path, candidate] = [...check.entries()][index]!;
  const own = issue.path === path || issue.path === '';
  // A value can break a neighbour: `optimizer.type: sgd` leaves `optimizer` without its `lr`.
  const message = own ? issue.message : `with this value, ${issue.path}: ${issue.message}`;
  return issueAt(candidate.spot, path, candidate.note === undefined ? message : `${message} ${candidate.note}`);
}
