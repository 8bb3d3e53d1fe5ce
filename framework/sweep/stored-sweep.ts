// A recorded sweep read back from the store: its stored spec (read defensively, since a store may
// hold sweeps of an older Folio), its trials as the analysis wants them, and the analysis itself.
// `folio sweeps`, the dashboard's sweep screens and reports all start here.
import { stringify as toYaml } from 'yaml';
import type { SweepSummary, TrialRow } from '../tracking/store.js';
import { analyseSweep, type SweepAnalysis, type SweepPoint, type SweepTrial } from './analysis.js';
import { countGridPoints } from './space.js';
import type { EarlyStop, Goal, ParameterSpace, Point, SweepSpec, TrialStatus } from './types.js';

/** The metric a sweep ranks by when its spec names none. */
export const DEFAULT_SWEEP_METRIC = 'val/loss';

/** What a sweep's stored spec says. */
export interface SweepSettings {
  metric: string;
  goal: Goal;
  method: string | undefined;
  parameters: ParameterSpace[];
  seeds: number[];
  trials: number | undefined;
  parallel: number | undefined;
  base: string | undefined;
  overrides: string[];
  earlyStop: EarlyStop | undefined;
  samplerSeed: number | undefined;
}

/** Where a sweep's trials are read from: the RunStore, or the dashboard's StoreReader. */
export interface SweepSource {
  sweepTrials(sweepId: number): TrialRow[];
  /** The last value of `key` the run logged; undefined when never. */
  lastValue(runId: number, key: string): number | undefined;
}

/** A stored trial: what the analysis needs, and the run's name and resolved config. */
export interface StoredTrial extends SweepTrial {
  name: string;
  config: unknown;
}

export interface StoredSweep {
  summary: SweepSummary;
  settings: SweepSettings;
  analysis: SweepAnalysis<StoredTrial>;
}

/** The sweep's state as every view shows it. */
export function readStoredSweep(source: SweepSource, summary: SweepSummary): StoredSweep {
  const settings = settingsOf(summary.spec);
  const trials = source.sweepTrials(summary.id).map((row) => storedTrial(row, settings, source));
  const analysis = analyseSweep(trials, {
    goal: settings.goal,
    seedsPerPoint: Math.max(1, settings.seeds.length),
    plannedTrials: plannedTrials(settings),
  });
  return { summary, settings, analysis };
}

/** A store row as a trial of its sweep: its point read from its resolved config. */
export function storedTrial(row: TrialRow, settings: Pick<SweepSettings, 'metric' | 'parameters'>, source: Pick<SweepSource, 'lastValue'>): StoredTrial {
  const value = settings.metric === DEFAULT_SWEEP_METRIC ? (row.valLoss ?? undefined) : source.lastValue(row.id, settings.metric);
  return {
    runId: row.id,
    trialKey: row.trialKey,
    point: pointOf(row.config, settings.parameters),
    seed: row.seed,
    status: row.status as TrialStatus,
    value,
    lastStep: row.lastStep ?? undefined,
    name: row.name,
    config: row.config,
  };
}

/** The trial whose config stands for a point: its first completed trial with a value. */
export function representativeTrial(point: SweepPoint<StoredTrial>): StoredTrial {
  return point.trials.find((trial) => trial.status === 'completed' && Number.isFinite(trial.value ?? NaN)) ?? point.trials[0]!;
}

export function settingsOf(spec: unknown): SweepSettings {
  const fields = (typeof spec === 'object' && spec !== null ? spec : {}) as Partial<Record<keyof SweepSpec, unknown>>;
  const numbers = (value: unknown) => (Array.isArray(value) ? value.filter((x): x is number => typeof x === 'number') : []);
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    metric: text(fields.metric) ?? DEFAULT_SWEEP_METRIC,
    goal: fields.goal === 'maximize' ? 'maximize' : 'minimize',
    method: text(fields.method),
    parameters: Array.isArray(fields.parameters)
      ? (fields.parameters as unknown[]).filter(
          (p): p is ParameterSpace => typeof p === 'object' && p !== null && typeof (p as { path?: unknown }).path === 'string',
        )
      : [],
    seeds: numbers(fields.seeds),
    trials: number(fields.trials),
    parallel: number(fields.parallel),
    base: text(fields.base),
    overrides: Array.isArray(fields.overrides) ? fields.overrides.filter((x): x is string => typeof x === 'string') : [],
    earlyStop: typeof fields.earlyStop === 'object' && fields.earlyStop !== null ? (fields.earlyStop as EarlyStop) : undefined,
    samplerSeed: number(fields.samplerSeed),
  };
}

/** Points x seeds: a grid's every combination, or the random/tpe budget; undefined when the spec does not say. */
export function plannedTrials(settings: Pick<SweepSettings, 'method' | 'parameters' | 'seeds' | 'trials'>): number | undefined {
  const seeds = Math.max(1, settings.seeds.length);
  if (settings.method === 'grid') {
    try {
      return countGridPoints(settings.parameters) * seeds;
    } catch {
      return undefined; // a distribution in a grid: the spec never ran
    }
  }
  return settings.trials === undefined ? undefined : settings.trials * seeds;
}

/** The value at each parameter's dotted path ("model.attention.n_head") of a resolved config. */
export function pointOf(config: unknown, parameters: readonly Pick<ParameterSpace, 'path'>[]): Point {
  const point: Point = {};
  for (const { path } of parameters) point[path] = valueAtPath(config, path);
  return point;
}

/** Reads a dotted path through objects (and arrays, by index); undefined where it leads nowhere. */
export function valueAtPath(root: unknown, path: string): unknown {
  let node = root;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * The best point's full resolved config as YAML, ready to save and `folio run`; `comment` (say,
 * where it came from) goes on top as `#` lines.
 */
export function bestConfigYaml(config: unknown, comment?: string): string {
  const header = comment === undefined ? '' : comment.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n') + '\n';
  return header + toYaml(config);
}
