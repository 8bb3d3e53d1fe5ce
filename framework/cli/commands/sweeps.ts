// folio sweeps list|show: the sweeps the store recorded, their points ranked, the best config as YAML.
import { existsSync } from 'node:fs';
import { parseRedisTarget } from '../../sweep/queue/redis-target.js';
import { importanceOfRanking, type ImportanceResult } from '../../sweep/importance.js';
import type { SweepPoint } from '../../sweep/analysis.js';
import { leaderboardOf, listEntryOf } from '../../sweep/sweep-leaderboard.js';
import { bestConfigYaml, readStoredSweep, representativeTrial, type StoredSweep, type StoredTrial } from '../../sweep/stored-sweep.js';
import type { EarlyStop, ParameterSpace, SweepSpec } from '../../sweep/types.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { StoreReader } from '../../tracking/store-reader.js';
import { dispatchSubcommand, expectPositionals, idArgument, mistake, parseCommand, type CommandDeclaration, type CommandGroup } from '../args.js';
import { JSON_OPTION, STORE_OPTION, SWEEP_RUN_OPTIONS } from '../common-options.js';
import { formatDuration, formatTime, printable } from '../../present/format.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { indent, keyValueLines, toJson } from '../listing.js';
import {
  formatDone,
  formatMeanStd,
  formatObjective,
  formatObjectiveName,
  formatParameterValue,
  formatSweepCounts,
} from '../../present/sweep-format.js';
import { importanceHeading, importanceLines } from '../../present/importance-format.js';
import { sweepPointsTable } from '../../present/sweep-points-table.js';
import { formatTable } from '../../present/table.js';

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
  const store = StoreReader.openExisting(path, () => new UserError(`no sweeps yet (store: ${path})`));
  try {
    const sweeps = store.listSweeps().map((summary) => readStoredSweep(store, summary));
    if (values.json) io.stdout.write(toJson(sweeps.map(listEntryOf)));
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
  const store = StoreReader.openExisting(path, () => new UserError(`no sweep ${id} in ${path} (there is no store there yet)`));
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

  const store = StoreReader.openExisting(path, () => new UserError(`no sweep ${id} in ${path} (there is no store there yet)`));
  try {
    const summary = store.getSweep(id);
    if (summary === undefined) throw new UserError(`no sweep ${id} in ${path} (see folio sweeps list)`);
    const sweep = readStoredSweep(store, summary);
    if (values['best-config']) {
      const best = sweep.analysis.best;
      if (best === undefined) throw new UserError(`sweep ${id} has no completed trial with a value of ${sweep.settings.metric} yet, so no best config`);
      io.stdout.write(bestYaml(sweep, best));
    } else {
      if (values.json) io.stdout.write(toJson(values.importance ? { ...leaderboardOf(sweep), importance: importanceOf(sweep) } : leaderboardOf(sweep)));
      else io.stdout.write(describeSweep(sweep, Date.now()) + (values.importance ? importanceText(importanceOf(sweep)) : ''));
    }
    return 0;
  } finally {
    store.close();
  }
}

function bestYaml(sweep: StoredSweep, best: SweepPoint<StoredTrial>): string {
  const trial = representativeTrial(best);
  const { metric } = sweep.settings;
  const over = best.values.length > 1 ? ` over ${best.values.length} completed seeds` : '';
  return bestConfigYaml(
    trial.config,
    `best point of sweep ${sweep.summary.id} (${sweep.summary.name}): ${metric} ${formatMeanStd(best.objective, best.std)}${over}\n` +
      `the resolved config of run ${trial.runId}; run it with: folio run <this file>`,
  );
}

function importanceOf(sweep: StoredSweep): ImportanceResult {
  return importanceOfRanking(leaderboardOf(sweep).points, sweep.summary.spec);
}

function importanceText(result: ImportanceResult): string {
  return ['', importanceHeading(result), ...indent(importanceLines(result).join('\n'))].join('\n') + '\n';
}

// ---- rendering ----

function sweepsTable(sweeps: StoredSweep[]): string {
  const headers = ['id', 'name', 'status', 'method', 'objective', 'trials', 'best', 'updated'];
  const rows = sweeps.map((sweep) => [
    String(sweep.summary.id),
    printable(sweep.summary.name),
    sweep.summary.status,
    sweep.settings.method ?? '-',
    formatObjectiveName(sweep.settings.metric, sweep.settings.goal),
    formatDone(sweep.analysis.counts),
    formatObjective(sweep.analysis.best?.objective),
    formatTime(sweep.summary.updatedAt, false),
  ]);
  return formatTable(headers, rows);
}

function describeSweep(sweep: StoredSweep, now: number): string {
  const { summary, settings } = sweep;
  const out: string[] = [`sweep ${summary.id}: ${printable(summary.name)}`];
  out.push(...factLines(settingsFacts(sweep, now)));

  out.push('', `points, best first (${printable(settings.metric)} at each trial's last evaluation: mean ± std over completed seeds)`);
  if (sweep.analysis.points.length === 0) out.push('  no trials yet');
  else out.push(...indent(pointsTable(sweep).trimEnd()));
  if (sweep.analysis.points.some((point) => point.tier === 'pruned')) {
    out.push('  (*: a seed was pruned; such points rank after every point whose seeds all completed)');
  }

  const best = sweep.analysis.best;
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

function settingsFacts(sweep: StoredSweep, now: number): [string, string][] {
  const { summary, settings } = sweep;
  const counts = formatSweepCounts(sweep.analysis.counts);
  const facts: [string, string][] = [
    ['status', summary.status],
    ['method', settings.method ?? '-'],
    ['objective', formatObjectiveName(settings.metric, settings.goal)],
    ['trials', `${formatDone(sweep.analysis.counts)}${counts === '' ? '' : ` (${counts})`}`],
  ];
  if (settings.parallel !== undefined) facts.push(['parallel', String(settings.parallel)]);
  if (settings.seeds.length > 0) facts.push(['seeds', settings.seeds.join(', ')]);
  if (settings.earlyStop !== undefined) facts.push(['early stop', describeEarlyStop(settings.earlyStop)]);
  if (settings.samplerSeed !== undefined && settings.method !== 'grid') facts.push(['sampler seed', String(settings.samplerSeed)]);
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

function pointsTable(sweep: StoredSweep): string {
  const paths = sweep.settings.parameters.map((parameter) => parameter.path);
  const { headers, rows } = sweepPointsTable(sweep.analysis.points, paths, sweep.settings.metric, { steps: true });
  return formatTable(headers, rows);
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
