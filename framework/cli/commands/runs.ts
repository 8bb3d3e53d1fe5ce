// folio runs list|show: what the run store recorded, as tables or --json.
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { stringify as toYaml } from 'yaml';
import { resolveStorePath } from '../../tracking/store-path.js';
import { RunStore, type RunDetail, type RunSummary } from '../../tracking/store.js';
import { formatDuration, formatLoss, formatParams, printable } from '../format.js';
import type { CommandIO } from '../io.js';
import { UserError } from '../io.js';
import { formatTable } from '../table.js';

export const runsListUsage = 'folio runs list [--json] [--limit N] [--store PATH]';
export const runsShowUsage = 'folio runs show <id> [--json] [--store PATH]';
export const runsUsage = `${runsListUsage}\n       ${runsShowUsage}`;

/** How many runs `list` shows a person when no --limit is given (--json lists all). */
const DEFAULT_LIST_LIMIT = 20;

export async function runsCommand(argv: string[], io: CommandIO): Promise<number> {
  const [subcommand, ...rest] = argv;
  // Plain `folio runs` (or `folio runs --json`) lists.
  if (subcommand === undefined || (subcommand.startsWith('-') && subcommand !== '-h' && subcommand !== '--help')) {
    return listRuns(argv, io);
  }
  switch (subcommand) {
    case 'list':
    case 'ls':
      return listRuns(rest, io);
    case 'show':
      return showRun(rest, io);
    case 'help':
    case '-h':
    case '--help':
      io.stdout.write(`usage: ${runsUsage}\n`);
      return 0;
    default:
      if (/^\d+$/.test(subcommand)) throw new UserError(`unknown subcommand "${subcommand}"; did you mean: folio runs show ${subcommand}\nusage: ${runsUsage}`);
      throw new UserError(`unknown subcommand "${subcommand}" (expected list or show)\nusage: ${runsUsage}`);
  }
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

function statusLine(run: RunSummary, now: number): string {
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

function keyValueLines(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`);
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => (line === '' ? '' : `  ${line}`));
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

/** "2024-05-01 12:03" in local time (with seconds when asked). */
function formatTime(ms: number, seconds: boolean): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
  return `${date} ${time}`;
}

/**
 * One JSON document. JSON has no NaN or Infinity: such numbers (a diverged run's loss) are written
 * as the strings "NaN", "Infinity", "-Infinity", so they stay distinct from null ("never logged").
 */
function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

// ---- arguments ----

/** The flags every runs subcommand takes. */
const commonOptions = {
  json: { type: 'boolean', default: false },
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Parses a subcommand's arguments (the common flags plus `extra`), explaining mistakes with
 * `usage`. On --help it prints the usage and returns undefined: the caller then exits 0.
 */
function parseSubcommand<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], usage: string, io: CommandIO, extra: O) {
  const parsed = parseOrExplain(usage, () =>
    parseArgs({ args: argv, strict: true, allowPositionals: true, options: { ...commonOptions, ...extra } }),
  );
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(`usage: ${usage}\n`);
    return undefined;
  }
  return parsed;
}

function parseOrExplain<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') && error instanceof Error) {
      // Node's wording for an unknown flag goes on about positionals; name the flag instead.
      const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(error.message)?.[1] : undefined;
      throw new UserError(`${unknown === undefined ? error.message : `unknown option ${unknown}`}\nusage: ${usage}`);
    }
    throw error;
  }
}

function positiveInteger(text: string, what: string, usage: string): number {
  const trimmed = text.trim().replace(/^#/, '');
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
    throw new UserError(`${what} must be a positive whole number, got "${text}"\nusage: ${usage}`);
  }
  return value;
}
