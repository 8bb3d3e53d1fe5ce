// folio runs list|show|rm: what the run store recorded, as tables or --json, and deleting runs
// with their checkpoint files.
import { existsSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import { removeRuns, runFileBytes } from '../../tracking/cleanup.js';
import { isLiveRun } from '../../tracking/live-run.js';
import { isEmptyFilter, LISTED_STATUSES, matchesFilter, parseAge, type RunFilter } from '../../tracking/run-filter.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { StoreReader } from '../../tracking/store-reader.js';
import { RunStore, type ListedRunStatus, type RunDetail, type RunSummary } from '../../tracking/store.js';
import {
  dispatchSubcommand,
  expectPositionals,
  idArgument,
  mistake,
  parseCommand,
  type CommandDeclaration,
  type CommandGroup,
  type OptionDeclaration,
} from '../args.js';
import { assertCanAsk, confirm } from '../confirm.js';
import { formatBytes, formatDuration, formatLoss, formatParams, formatTime, printable } from '../../present/format.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { indent, keyValueLines, toJson } from '../listing.js';
import { formatTable } from '../../present/table.js';
import { JSON_OPTION, STORE_OPTION } from '../common-options.js';

/** Which runs: shared by list and rm, so both pick the same ones. */
const FILTER_OPTIONS = {
  status: { kind: 'strings', value: 'STATUS', help: `only runs with this status (${LISTED_STATUSES.join(', ')})`, complete: { words: LISTED_STATUSES } },
  sweep: { kind: 'positive-integer', value: 'ID', help: 'only the trials of this sweep', complete: 'sweep-ids' },
  name: { kind: 'string', value: 'TEXT', help: 'only runs whose name contains TEXT (any case)' },
  since: { kind: 'string', value: 'AGE|DATE', help: 'only runs started in the last AGE (30m, 12h, 2d, 1w) or since DATE (2026-12-01)' },
} as const satisfies Record<string, OptionDeclaration>;

const runsListDeclaration = {
  name: 'runs list',
  summary: 'the recorded runs, newest first',
  positionals: [],
  options: {
    ...FILTER_OPTIONS,
    limit: { kind: 'positive-integer', help: 'show at most N runs (default 20 in the table; --json lists all)' },
    ...JSON_OPTION,
    ...STORE_OPTION,
  },
  notes: ['example: folio runs list --status failed --status crashed --since 2d'],
} as const satisfies CommandDeclaration;

const runsShowDeclaration = {
  name: 'runs show',
  summary: 'one run: status, metrics, last sample, checkpoints, config',
  positionals: [{ name: '<id>', complete: 'run-ids' }],
  options: { ...JSON_OPTION, ...STORE_OPTION },
} as const satisfies CommandDeclaration;

const runsRmDeclaration = {
  name: 'runs rm',
  summary: "delete runs: their records (metrics, samples, artifacts) and checkpoint files; never a live run",
  positionals: [{ name: '[<id>...]', complete: 'run-ids' }],
  options: {
    ...FILTER_OPTIONS,
    yes: { kind: 'boolean', short: 'y', help: 'do not ask before deleting' },
    ...STORE_OPTION,
  },
  notes: ['give run ids, a filter, or both (both: the listed runs that match)', 'example: folio runs rm --status failed --since 1w --yes'],
} as const satisfies CommandDeclaration;

export const runsDeclaration: CommandGroup = {
  name: 'runs',
  summary: 'what the store recorded; deleting runs',
  subcommands: { list: runsListDeclaration, show: runsShowDeclaration, rm: runsRmDeclaration },
};

/** How many runs `list` shows a person when no --limit is given (--json lists all). */
const DEFAULT_LIST_LIMIT = 20;

export async function runsCommand(argv: string[], io: CommandIO): Promise<number> {
  return dispatchSubcommand(runsDeclaration, argv, io, { list: listRuns, show: showRun, rm: removeRunsCommand, remove: removeRunsCommand });
}

async function listRuns(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(runsListDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(runsListDeclaration, positionals, 0, 'no arguments');
  const filter = filterOf(runsListDeclaration, values, Date.now());
  const path = resolveStorePath(values.store, io);

  if (!existsSync(path)) {
    // Reading must not create a store, so a mistyped --store leaves nothing behind.
    io.stdout.write(values.json ? '[]\n' : `no runs yet (store: ${path})\n`);
    return 0;
  }
  const store = StoreReader.openExisting(path, () => new UserError(`no runs yet (store: ${path})`));
  try {
    const matching = isEmptyFilter(filter) ? undefined : store.listRuns().filter((run) => matchesFilter(run, filter));
    const pick = (limit: number | undefined) => (matching === undefined ? store.listRuns(limit === undefined ? {} : { limit }) : matching.slice(0, limit));
    if (values.json) {
      io.stdout.write(toJson(pick(values.limit)));
      return 0;
    }
    const runs = pick(values.limit ?? DEFAULT_LIST_LIMIT);
    if (runs.length === 0) {
      io.stdout.write(matching === undefined ? `no runs yet (store: ${path})\n` : `no runs match (store: ${path})\n`);
      return 0;
    }
    io.stdout.write(runsTable(runs, Date.now()));
    const total = matching?.length ?? store.countRuns();
    if (total > runs.length) io.stdout.write(`(newest ${runs.length} of ${total} ${matching === undefined ? '' : 'matching '}runs; --limit N shows more)\n`);
    return 0;
  } finally {
    store.close();
  }
}

async function showRun(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(runsShowDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(runsShowDeclaration, positionals, 1, 'one run id (see folio runs list)');
  const id = idArgument(runsShowDeclaration, positionals[0]!, 'run id');
  const path = resolveStorePath(values.store, io);

  const store = StoreReader.openExisting(path, () => new UserError(`no run ${id} in ${path} (there is no store there yet)`));
  try {
    const run = store.getRun(id);
    if (run === undefined) throw new UserError(`no run ${id} in ${path}`);
    io.stdout.write(values.json ? toJson(run) : describeRun(run, Date.now()));
    return 0;
  } finally {
    store.close();
  }
}

async function removeRunsCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(runsRmDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  const filter = filterOf(runsRmDeclaration, values, Date.now());
  const ids = positionals.map((text) => idArgument(runsRmDeclaration, text, 'run id'));
  if (ids.length === 0 && isEmptyFilter(filter)) throw mistake(runsRmDeclaration, 'which runs? give run ids or a filter (--status, --sweep, --name, --since)');
  const path = resolveStorePath(values.store, io);
  if (!existsSync(path)) throw new UserError(`no runs to remove in ${path} (there is no store there yet)`);
  const store = RunStore.open(path);
  try {
    const runs = chosenRuns(store, ids, filter, path);
    if (runs.length === 0) {
      io.stdout.write('no runs match; nothing removed\n');
      return 0;
    }
    const live = runs.filter(isLiveRun);
    if (live.length > 0) {
      throw new UserError(`run ${live.map((run) => run.id).join(', ')} ${live.length === 1 ? 'is' : 'are'} still running; stop ${live.length === 1 ? 'it' : 'them'} first (Ctrl-C keeps a checkpoint); nothing was removed`);
    }
    const bytes = runs.reduce((sum, run) => sum + runFileBytes(run, path), 0);
    const what = `${runs.length} run${runs.length === 1 ? '' : 's'} (${runs.map((run) => `#${run.id}`).join(' ')}) and ${formatBytes(bytes)} of checkpoints`;
    if (!values.yes) {
      assertCanAsk(`remove ${what}?`, io); // before the table: a script gets the one-line refusal alone
      io.stdout.write(runsTable(runs, Date.now()));
      if (!(await confirm(`remove ${what}?`, io))) {
        io.stdout.write('nothing removed\n');
        return 1;
      }
    }
    const freed = removeRuns(store, runs, path);
    io.stdout.write(`removed ${runs.length} run${runs.length === 1 ? '' : 's'} (${runs.map((run) => `#${run.id}`).join(' ')}), ${freed.files} file${freed.files === 1 ? '' : 's'}, ${formatBytes(freed.bytes)}; folio gc gives the database's free pages back\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** The runs named by id (each must exist) that match the filter, or with no ids every match. */
function chosenRuns(store: RunStore, ids: number[], filter: RunFilter, path: string): RunDetail[] {
  if (ids.length === 0) return store.listRuns().filter((run) => matchesFilter(run, filter)).map((run) => store.getRun(run.id)!);
  const missing = ids.filter((id) => store.getRun(id) === undefined);
  if (missing.length > 0) throw new UserError(`no run ${missing.join(', ')} in ${path} (see folio runs list); nothing was removed`);
  return [...new Set(ids)].map((id) => store.getRun(id)!).filter((run) => matchesFilter(run, filter));
}

function filterOf(
  declaration: CommandDeclaration,
  values: { status: string[]; sweep: number | undefined; name: string | undefined; since: string | undefined },
  now: number,
): RunFilter {
  const statuses = values.status.flatMap((text) => text.split(',')).map((status) => status.trim());
  const unknown = statuses.find((status) => !(LISTED_STATUSES as readonly string[]).includes(status));
  if (unknown !== undefined) throw mistake(declaration, `--status must be one of ${LISTED_STATUSES.join(', ')}, got "${unknown}"`);
  return {
    ...(statuses.length === 0 ? {} : { statuses: statuses as ListedRunStatus[] }),
    ...(values.sweep === undefined ? {} : { sweepId: values.sweep }),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.since === undefined ? {} : { startedSince: sinceTime(declaration, values.since, now) }),
  };
}

/** `2d` ago, or a date. */
function sinceTime(declaration: CommandDeclaration, text: string, now: number): number {
  const age = parseAge(text);
  if (age !== undefined) return now - age;
  const date = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (Number.isFinite(date)) return date;
  throw mistake(declaration, `--since must be an age such as 30m, 12h, 2d, 1w or a date such as 2026-12-01, got "${text}"`);
}

// ---- rendering ----

function runsTable(runs: RunSummary[], now: number): string {
  const headers = ['id', 'name', 'status', 'backend', 'steps', 'train loss', 'val loss', 'best val', 'started', 'took'];
  const rows = runs.map((run) => [
    String(run.id),
    printable(run.name),
    run.status,
    run.backend,
    run.lastStep === null ? '-' : String(run.lastStep),
    loss(run.trainLoss),
    loss(run.valLoss),
    loss(run.bestValLoss),
    formatTime(run.startedAt, false),
    formatDuration(elapsed(run, now)),
  ]);
  return formatTable(headers, rows);
}

function describeRun(run: RunDetail, now: number): string {
  const out: string[] = [];
  out.push(`run ${run.id}: ${printable(run.name)}`);

  const facts: [string, string][] = [
    ['status', statusLine(run, now)],
    ...resumeHint(run),
    ['backend', run.backend],
    ['seed', String(run.seed)],
    ['config hash', run.configHash],
  ];
  if (run.sweepId !== null) facts.push(['sweep', String(run.sweepId)]);
  facts.push(['started', formatTime(run.startedAt, true)]);
  if (run.endedAt !== null) facts.push(['ended', formatTime(run.endedAt, true)]);
  facts.push([run.endedAt === null && run.status === 'running' ? 'running for' : 'took', formatDuration(elapsed(run, now))]);
  facts.push(['steps', run.lastStep === null ? '-' : String(run.lastStep)]);
  facts.push(['train loss', loss(run.trainLoss)]);
  facts.push(['val loss', `${loss(run.valLoss)}${run.bestValLoss === null ? '' : ` (best ${loss(run.bestValLoss)})`}`]);
  if (run.error !== null) facts.push(['error', printable(run.error)]);
  out.push(...keyValueLines(facts));

  const info = Object.entries(run.info);
  if (info.length > 0) {
    out.push('', 'info');
    out.push(...keyValueLines(info.map(([key, value]) => [key, infoValue(key, value)])));
  }

  const metrics = Object.entries(run.metrics);
  if (metrics.length > 0) {
    out.push('', 'metrics (latest)');
    const table = formatTable(
      ['key', 'step', 'value'],
      metrics.map(([key, point]) => [key, String(point.step), metricValue(point.value)]),
    );
    out.push(...indent(table.trimEnd()));
  }

  const sample = run.samples.at(-1);
  if (sample !== undefined) {
    out.push('', `last sample (step ${sample.step}, prompt ${JSON.stringify(sample.prompt)})`);
    out.push(...indent(printable(sample.text)));
  }

  if (run.artifacts.length > 0) {
    out.push('', 'artifacts');
    const table = formatTable(
      ['kind', 'step', 'path'],
      run.artifacts.map((a) => [a.kind, String(a.step), a.path]),
    );
    out.push(...indent(table.trimEnd()));
  }

  out.push('', 'config');
  out.push(...indent(toYaml(run.config).trimEnd()));
  return `${out.join('\n')}\n`;
}

/** How a crashed, interrupted or failed run that kept a checkpoint continues. */
function resumeHint(run: RunDetail): [string, string][] {
  if (run.status !== 'crashed' && run.status !== 'interrupted' && run.status !== 'failed') return [];
  const steps = run.artifacts.filter((a) => a.kind === 'checkpoint').map((a) => a.step);
  return steps.length === 0 ? [] : [['resume', `folio resume ${run.id} continues it from its checkpoint at step ${Math.max(...steps)}`]];
}

/** The store calls a run crashed after this long without a heartbeat; sooner, its process was found gone. */
const CRASHED_BY_HEARTBEAT_MS = 60_000;

function statusLine(run: RunSummary, now: number): string {
  if (run.status === 'crashed' && now - run.heartbeatAt < CRASHED_BY_HEARTBEAT_MS) {
    return `crashed (recorded as running, but its process is gone from this machine; last heartbeat ${formatDuration(now - run.heartbeatAt)} ago)`;
  }
  if (run.status === 'crashed') {
    return `crashed (recorded as running, but no heartbeat since ${formatTime(run.heartbeatAt, true)}, ${formatDuration(now - run.heartbeatAt)} ago)`;
  }
  return run.status;
}

/** Wall time of a run: to its end, to now while it runs, or to its last heartbeat once it crashed. */
function elapsed(run: RunSummary, now: number): number {
  const end = run.endedAt ?? (run.status === 'running' ? now : run.heartbeatAt);
  return end - run.startedAt;
}

function loss(value: number | null): string {
  return value === null ? '-' : formatLoss(value);
}

/** Enough digits to compare runs, scientific for very large or small magnitudes. */
function metricValue(value: number): string {
  if (!Number.isFinite(value)) return formatLoss(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return Number(value.toPrecision(4)).toExponential();
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

function infoValue(key: string, value: unknown): string {
  if (key === 'parameters' && typeof value === 'number') return `${formatParams(value)} (${value})`;
  if (typeof value === 'string') return printable(value);
  return printable(JSON.stringify(value) ?? String(value));
}
