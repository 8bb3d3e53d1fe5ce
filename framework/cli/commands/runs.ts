// folio runs list|show: what the run store recorded, as tables or --json.
import { existsSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import { resolveStorePath } from '../../tracking/store-path.js';
import { RunStore, type RunDetail, type RunSummary } from '../../tracking/store.js';
import { dispatchSubcommand, parseSubcommand, positiveInteger } from '../args.js';
import { formatDuration, formatLoss, formatParams, formatTime, printable } from '../format.js';
import { UserError, type CommandIO } from '../io.js';
import { indent, keyValueLines, toJson } from '../listing.js';
import { formatTable } from '../table.js';

export const runsListUsage = 'folio runs list [--json] [--limit N] [--store PATH]';
export const runsShowUsage = 'folio runs show <id> [--json] [--store PATH]';
export const runsUsage = `${runsListUsage}\n       ${runsShowUsage}`;

/** How many runs `list` shows a person when no --limit is given (--json lists all). */
const DEFAULT_LIST_LIMIT = 20;

export async function runsCommand(argv: string[], io: CommandIO): Promise<number> {
  return dispatchSubcommand('runs', argv, io, runsUsage, { list: listRuns, show: showRun });
}

async function listRuns(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseSubcommand(argv, runsListUsage, io, { limit: { type: 'string' } });
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UserError(`unexpected argument "${positionals[0]}"\nusage: ${runsListUsage}`);
  const limit = values.limit === undefined ? undefined : positiveInteger(values.limit, '--limit', runsListUsage);
  const path = resolveStorePath(values.store, io);

  if (!existsSync(path)) {
    // Reading must not create a store, so a mistyped --store leaves nothing behind.
    io.stdout.write(values.json ? '[]\n' : `no runs yet (store: ${path})\n`);
    return 0;
  }
  const store = RunStore.open(path);
  try {
    if (values.json) {
      io.stdout.write(toJson(store.listRuns(limit === undefined ? {} : { limit })));
      return 0;
    }
    const runs = store.listRuns({ limit: limit ?? DEFAULT_LIST_LIMIT });
    if (runs.length === 0) {
      io.stdout.write(`no runs yet (store: ${path})\n`);
      return 0;
    }
    io.stdout.write(runsTable(runs, Date.now()));
    const total = store.countRuns();
    if (total > runs.length) io.stdout.write(`(newest ${runs.length} of ${total} runs; --limit N shows more)\n`);
    return 0;
  } finally {
    store.close();
  }
}

async function showRun(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseSubcommand(argv, runsShowUsage, io, {});
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UserError(`which run? give its id (see folio runs list)\nusage: ${runsShowUsage}`);
  if (positionals.length > 1) throw new UserError(`expected one run id, got ${positionals.length}\nusage: ${runsShowUsage}`);
  const id = positiveInteger(positionals[0]!, 'run id', runsShowUsage);
  const path = resolveStorePath(values.store, io);

  if (!existsSync(path)) throw new UserError(`no run ${id} in ${path} (there is no store there yet)`);
  const store = RunStore.open(path);
  try {
    const run = store.getRun(id);
    if (run === undefined) throw new UserError(`no run ${id} in ${path}`);
    io.stdout.write(values.json ? toJson(run) : describeRun(run, Date.now()));
    return 0;
  } finally {
    store.close();
  }
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
