// folio sweeps list|show: the sweeps the store recorded, their points ranked, the best config as YAML.
import { existsSync } from 'node:fs';
import { parseRedisTarget } from '../../sweep/queue/redis-target.js';
import { importanceOfRanking, type ImportanceResult } from '../../sweep/importance.js';
import { bestConfigYaml, rankPoints, type RankedPoint } from '../../sweep/ranking.js';
import { countGridPoints } from '../../sweep/space.js';
import type { EarlyStop, Goal, ParameterSpace, SweepSpec } from '../../sweep/types.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { RunStore, VAL_LOSS_KEY, type SweepSummary, type TrialRow } from '../../tracking/store.js';
import { dispatchSubcommand, expectPositionals, idArgument, mistake, parseCommand, type CommandDeclaration, type CommandGroup } from '../args.js';
import { formatDuration, formatTime, printable } from '../format.js';
import { UserError, type CommandIO } from '../io.js';
import { indent, keyValueLines, toJson } from '../listing.js';
import {
  formatMeanStd,
  formatObjective,
  formatObjectiveName,
  formatParameterValue,
  formatStatusCounts,
} from '../sweep-format.js';
import { importanceHeading, importanceLines } from '../importance-format.js';
import { formatTable } from '../table.js';
import { JSON_OPTION, STORE_OPTION, SWEEP_RUN_OPTIONS } from '../common-options.js';

const sweepsListDeclaration = {
  name: 'sweeps list',
  summary: 'the recorded sweeps, newest first',
  positionals: [],
  options: { ...JSON_OPTION, ...STORE_OPTION },
} as const satisfies CommandDeclaration;

const sweepsShowDeclaration = {
  name: 'sweeps show',
  summary: 'one sweep: its points ranked, the best point and its config',
  positionals: [{ name: '<id>', complete: 'sweep-ids' }],
  options: {
    ...JSON_OPTION,
    'best-config': { kind: 'boolean', help: "print only the best point's config as YAML (folio run can run it)" },
    importance: { kind: 'boolean', help: "each parameter's share of the objective's variance (fANOVA over a regression forest)" },
    ...STORE_OPTION,
  },
} as const satisfies CommandDeclaration;

const sweepsResumeDeclaration = {
  name: 'sweeps resume',
  summary: 'run what a recorded sweep is missing; what finished is kept',
  positionals: [{ name: '<id>', complete: 'sweep-ids' }],
  options: SWEEP_RUN_OPTIONS,
} as const satisfies CommandDeclaration;

export const sweepsDeclaration: CommandGroup = {
  name: 'sweeps',
  summary: 'recorded sweeps, their points ranked, the best config as YAML',
  subcommands: { list: sweepsListDeclaration, show: sweepsShowDeclaration, resume: sweepsResumeDeclaration },
};

export async function sweepsCommand(argv: string[], io: CommandIO): Promise<number> {
  return dispatchSubcommand(sweepsDeclaration, argv, io, { list: listSweeps, show: showSweep, resume: resumeSweep });
}

async function listSweeps(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(sweepsListDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(sweepsListDeclaration, positionals, 0, 'no arguments');
  const path = resolveStorePath(values.store, io);
  if (!existsSync(path)) {
    // Reading must not create a store, so a mistyped --store leaves nothing behind.
    io.stdout.write(values.json ? '[]\n' : `no sweeps yet (store: ${path})\n`);
    return 0;
  }
  const store = RunStore.open(path);
  try {
    const sweeps = store.listSweeps().map((summary) => analyse(store, summary));
    if (values.json) io.stdout.write(toJson(sweeps.map(listEntryJson)));
    else io.stdout.write(sweeps.length === 0 ? `no sweeps yet (store: ${path})\n` : sweepsTable(sweeps));
    return 0;
  } finally {
    store.close();
  }
}

/** Runs a recorded sweep again from its stored spec: what finished is kept, the rest runs. */
async function resumeSweep(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(sweepsResumeDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(sweepsResumeDeclaration, positionals, 1, 'one sweep id');
  const id = idArgument(sweepsResumeDeclaration, positionals[0]!, 'sweep id');
  const queue = values.queue === undefined ? undefined : parseRedisTarget(values.queue, io.env);
  const path = resolveStorePath(values.store, io);
  if (!existsSync(path)) throw new UserError(`no sweep ${id} in ${path} (there is no store there yet)`);
  const store = RunStore.open(path);
  let spec: SweepSpec;
  try {
    const summary = store.getSweep(id);
    if (summary === undefined) throw new UserError(`no sweep ${id} in ${path} (see folio sweeps list)`);
    spec = summary.spec as SweepSpec;
  } finally {
    store.close();
  }
  if (values.parallel !== undefined) spec = { ...spec, parallel: values.parallel };
  // Loaded here: the components (tfjs) and the sweep runner are for resuming only, and `sweeps show`
  // (and `folio report`, which takes its leaderboard from this file) start in a fraction of the time without them.
  const [{ builtinRegistry }, { runAndReport }] = await Promise.all([import('../../../components/index.js'), import('./sweep.js')]);
  return runAndReport(spec, builtinRegistry(), io, { plain: values.plain, store: path, resume: id, ...(queue === undefined ? {} : { queue }) });
}

async function showSweep(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(sweepsShowDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(sweepsShowDeclaration, positionals, 1, 'one sweep id (see folio sweeps list)');
  if (values.json && values['best-config']) throw mistake(sweepsShowDeclaration, '--json and --best-config do not go together');
  const id = idArgument(sweepsShowDeclaration, positionals[0]!, 'sweep id');
  if (values.importance && values['best-config']) throw mistake(sweepsShowDeclaration, '--importance and --best-config do not go together');
  const path = resolveStorePath(values.store, io);

  if (!existsSync(path)) throw new UserError(`no sweep ${id} in ${path} (there is no store there yet)`);
  const store = RunStore.open(path);
  try {
    const summary = store.getSweep(id);
    if (summary === undefined) throw new UserError(`no sweep ${id} in ${path} (see folio sweeps list)`);
    const sweep = analyse(store, summary);
    if (values['best-config']) {
      const best = bestOf(sweep);
      if (best === undefined) throw new UserError(`sweep ${id} has no completed trial with a value of ${sweep.settings.metric} yet`);
      io.stdout.write(bestYaml(sweep, best));
    } else if (values.json) {
      io.stdout.write(toJson(values.importance ? { ...showJson(sweep), importance: importanceOf(sweep) } : showJson(sweep)));
    } else {
      io.stdout.write(describeSweep(sweep, Date.now()) + (values.importance ? importanceText(importanceOf(sweep)) : ''));
    }
    return 0;
  } finally {
    store.close();
  }
}

// ---- reading a sweep ----

/** What the stored spec says, read defensively: a store may hold sweeps of an older Folio. */
interface SweepSettings {
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
}

interface AnalysedSweep {
  summary: SweepSummary;
  settings: SweepSettings;
  /** Trials in the whole sweep (points x seeds), when the spec says. */
  planned: number | undefined;
  /** Trials that finished in any way that counts: completed, pruned, failed. */
  done: number;
  points: RankedPoint<TrialRow>[];
  values: Map<number, number | undefined>;
}

/**
 * What `folio sweeps show <id> --json` prints: the sweep, its points ranked, the best point with its
 * config. `folio report` takes its leaderboard from here, so both rank alike.
 */
export function sweepShowJson(store: RunStore, summary: SweepSummary): ReturnType<typeof showJson> {
  return showJson(analyse(store, summary));
}

function importanceOf(sweep: AnalysedSweep): ImportanceResult {
  return importanceOfRanking(sweep.points, sweep.summary.spec);
}

function importanceText(result: ImportanceResult): string {
  return ['', importanceHeading(result), ...indent(importanceLines(result).join('\n'))].join('\n') + '\n';
}

function analyse(store: RunStore, summary: SweepSummary): AnalysedSweep {
  const settings = settingsOf(summary.spec);
  const trials = store.sweepTrials(summary.id);
  const values = new Map(trials.map((trial) => [trial.id, objectiveOf(store, trial, settings.metric)]));
  return {
    summary,
    settings,
    planned: plannedTrials(settings),
    done: summary.completed + summary.pruned + summary.failed,
    points: rankPoints(trials, settings, (trial) => values.get(trial.id)),
    values,
  };
}

/** A trial's objective: its last logged value of the sweep's metric. */
function objectiveOf(store: RunStore, trial: TrialRow, metric: string): number | undefined {
  if (metric === VAL_LOSS_KEY) return trial.valLoss ?? undefined;
  return store.metricSeries(trial.id, metric).at(-1)?.value;
}

function settingsOf(spec: unknown): SweepSettings {
  const fields = (typeof spec === 'object' && spec !== null ? spec : {}) as Partial<Record<keyof SweepSpec, unknown>>;
  const numbers = (value: unknown) => (Array.isArray(value) ? value.filter((x): x is number => typeof x === 'number') : []);
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    metric: text(fields.metric) ?? VAL_LOSS_KEY,
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
  };
}

/** Points x seeds: a grid's every combination, or the random/tpe budget. */
function plannedTrials(settings: SweepSettings): number | undefined {
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

/** The top point, when one of its trials completed with a value. */
function bestOf(sweep: AnalysedSweep): RankedPoint<TrialRow> | undefined {
  const top = sweep.points[0];
  return top?.tier === 'completed' ? top : undefined;
}

/** The config to run: that of the best point's first completed trial with a value. */
function bestTrial(sweep: AnalysedSweep, best: RankedPoint<TrialRow>): TrialRow {
  const usable = (trial: TrialRow) => trial.status === 'completed' && Number.isFinite(sweep.values.get(trial.id) ?? NaN);
  return best.trials.find(usable) ?? best.trials[0]!;
}

function bestYaml(sweep: AnalysedSweep, best: RankedPoint<TrialRow>): string {
  const trial = bestTrial(sweep, best);
  const { metric } = sweep.settings;
  const over = best.values > 1 ? ` over ${best.values} seeds` : '';
  return bestConfigYaml(
    trial.config,
    `best point of sweep ${sweep.summary.id} (${sweep.summary.name}): ${metric} ${formatMeanStd(best.mean, best.std)}${over}\n` +
      `the resolved config of run ${trial.id}; run it with: folio run <this file>`,
  );
}

// ---- rendering ----

function sweepsTable(sweeps: AnalysedSweep[]): string {
  const headers = ['id', 'name', 'status', 'method', 'objective', 'trials', 'best', 'updated'];
  const rows = sweeps.map((sweep) => [
    String(sweep.summary.id),
    printable(sweep.summary.name),
    sweep.summary.status,
    sweep.settings.method ?? '-',
    formatObjectiveName(sweep.settings.metric, sweep.settings.goal),
    trialsDone(sweep),
    formatObjective(bestOf(sweep)?.mean),
    formatTime(sweep.summary.updatedAt, false),
  ]);
  return formatTable(headers, rows);
}

function describeSweep(sweep: AnalysedSweep, now: number): string {
  const { summary, settings } = sweep;
  const out: string[] = [`sweep ${summary.id}: ${printable(summary.name)}`];
  out.push(...factLines(settingsFacts(sweep, now)));

  out.push('', `points, best first (${printable(settings.metric)}: mean ± std over seeds)`);
  if (sweep.points.length === 0) out.push('  no trials yet');
  else out.push(...indent(pointsTable(sweep).trimEnd()));

  const best = bestOf(sweep);
  if (best === undefined) {
    out.push('', 'best point: none yet (no trial has completed with a value)');
    return `${out.join('\n')}\n`;
  }
  out.push('', 'best point');
  out.push(...factLines(Object.entries(best.point).map(([path, value]) => [printable(path), formatParameterValue(value)])));
  out.push('', `best config (save it: folio sweeps show ${summary.id} --best-config > best.yaml)`);
  out.push(...indent(bestYaml(sweep, best).trimEnd()));
  return `${out.join('\n')}\n`;
}

function settingsFacts(sweep: AnalysedSweep, now: number): [string, string][] {
  const { summary, settings } = sweep;
  const counts = formatStatusCounts({
    completed: summary.completed,
    running: summary.running,
    pruned: summary.pruned,
    failed: summary.failed,
  });
  const facts: [string, string][] = [
    ['status', summary.status],
    ['method', settings.method ?? '-'],
    ['objective', formatObjectiveName(settings.metric, settings.goal)],
    ['trials', `${trialsDone(sweep)} done${counts === '' ? '' : ` (${counts})`}`],
  ];
  if (settings.parallel !== undefined) facts.push(['parallel', String(settings.parallel)]);
  if (settings.seeds.length > 0) facts.push(['seeds', settings.seeds.join(', ')]);
  if (settings.earlyStop !== undefined) facts.push(['early stop', describeEarlyStop(settings.earlyStop)]);
  facts.push(['parameters', settings.parameters.length === 0 ? 'none' : '']);
  for (const parameter of settings.parameters) facts.push([`  ${printable(parameter.path)}`, describeSpace(parameter)]);
  if (settings.base !== undefined) facts.push(['base', printable(settings.base)]);
  if (settings.overrides.length > 0) facts.push(['overrides', printable(settings.overrides.join(' '))]);
  facts.push(['created', formatTime(summary.createdAt, true)]);
  const end = summary.status === 'running' ? now : summary.updatedAt;
  facts.push([summary.status === 'running' ? 'running for' : 'took', formatDuration(end - summary.createdAt)]);
  return facts;
}

/** Facts as aligned lines; a heading fact (one with no value, like "parameters") leaves no trailing spaces. */
function factLines(pairs: [string, string][]): string[] {
  return keyValueLines(pairs).map((line) => line.trimEnd());
}

function pointsTable(sweep: AnalysedSweep): string {
  const paths = sweep.settings.parameters.map((parameter) => parameter.path);
  const headers = ['rank', ...paths.map(printable), printable(sweep.settings.metric), 'seeds', 'trials', 'steps', 'runs'];
  const rows = sweep.points.map((point) => [
    point.tier === 'none' ? '-' : String(point.rank),
    ...paths.map((path) => formatParameterValue(point.point[path])),
    formatMeanStd(point.mean, point.std),
    String(point.seeds),
    formatStatusCounts(point.statuses),
    point.steps === undefined ? '-' : point.steps.min === point.steps.max ? String(point.steps.max) : `${point.steps.min}-${point.steps.max}`,
    point.trials.map((trial) => trial.id).join(','),
  ]);
  return formatTable(headers, rows);
}

/** "5/8", or "5" when the plan is not known. */
function trialsDone(sweep: AnalysedSweep): string {
  return sweep.planned === undefined ? String(sweep.done) : `${sweep.done}/${sweep.planned}`;
}

function describeEarlyStop(earlyStop: EarlyStop): string {
  switch (earlyStop.type) {
    case 'median':
      return `median (after ${earlyStop.warmup_steps} steps, once ${earlyStop.min_trials} trials are in)`;
    case 'asha':
      return `asha (from ${earlyStop.min_steps} steps, keeping 1 in ${earlyStop.reduction_factor} per rung)`;
    default:
      return printable(JSON.stringify(earlyStop));
  }
}

function describeSpace(parameter: ParameterSpace): string {
  switch (parameter.kind) {
    case 'values':
      return parameter.values.map(formatParameterValue).join(', ');
    case 'choice':
      return `choice of ${parameter.values.map(formatParameterValue).join(', ')}`;
    case 'uniform':
    case 'log-uniform':
    case 'int-uniform':
      return `${parameter.kind} ${formatParameterValue(parameter.min)} .. ${formatParameterValue(parameter.max)}`;
    default:
      return printable(JSON.stringify(parameter));
  }
}

// ---- --json ----

function listEntryJson(sweep: AnalysedSweep) {
  const best = bestOf(sweep);
  return {
    ...sweep.summary,
    method: sweep.settings.method ?? null,
    metric: sweep.settings.metric,
    goal: sweep.settings.goal,
    plannedTrials: sweep.planned ?? null,
    done: sweep.done,
    best: best === undefined ? null : pointJson(sweep, best),
  };
}

function showJson(sweep: AnalysedSweep) {
  const best = bestOf(sweep);
  return {
    ...listEntryJson(sweep),
    points: sweep.points.map((point) => pointJson(sweep, point)),
    best: best === undefined ? null : { ...pointJson(sweep, best), runId: bestTrial(sweep, best).id, config: bestTrial(sweep, best).config },
  };
}

function pointJson(sweep: AnalysedSweep, point: RankedPoint<TrialRow>) {
  return {
    rank: point.rank,
    point: point.point,
    tier: point.tier,
    mean: point.mean ?? null,
    std: point.std ?? null,
    values: point.values,
    seeds: point.seeds,
    statuses: point.statuses,
    trials: point.trials.map((trial) => ({
      runId: trial.id,
      seed: trial.seed,
      status: trial.status,
      value: sweep.values.get(trial.id) ?? null,
      lastStep: trial.lastStep,
    })),
  };
}
