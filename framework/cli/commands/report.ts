// folio report: a sweep, or runs side by side, as one self-contained HTML page to send (charts
// inline as SVG, nothing fetched), its charts as PNGs, or its data as JSON.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { missingRuns } from '../../present/compare/comparison.js';
import { drawCharts, reportDocument, reportPage } from '../../report/build-report.js';
import { compareReportData } from '../../report/compare-data.js';
import { chartPng } from '../../report/png.js';
import { sweepReportData } from '../../report/sweep-data.js';
import type { Report } from '../../report/types.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { StoreReader } from '../../tracking/store-reader.js';
import { idArgument, mistake, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { STORE_OPTION } from '../common-options.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { toJson } from '../listing.js';
import { reportLeaderboard } from '../report-leaderboard.js';

export const reportDeclaration = {
  name: 'report',
  summary: 'a sweep, or runs side by side, as one self-contained HTML page to send (or PNGs, or JSON)',
  positionals: [{ name: '<sweep-id> | <run-id> <run-id>...', complete: 'run-ids' }],
  options: {
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'where to write (a folder with --format png; default: standard output)' },
    format: { kind: 'string', value: 'html|json|png', choices: ['html', 'json', 'png'], default: 'html', help: 'the page, its data and chart specs, or each chart as an image' },
    png: { kind: 'string', value: 'DIR', help: "with the HTML page: also write each chart as a PNG into DIR" },
    json: { kind: 'boolean', help: 'the same as --format json' },
    'group-seeds': { kind: 'boolean', help: 'runs that differ only in their seed become one entry (mean ± std)' },
    ...STORE_OPTION,
  },
  notes: ['one id is a sweep (see folio sweeps list); two or more are runs to compare (see folio runs list)'],
} as const satisfies CommandDeclaration;

export const reportUsage = usageLine(reportDeclaration);

type Format = 'html' | 'json' | 'png';

export async function reportCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(reportDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  if (values.json && values.format !== 'html' && values.format !== 'json') throw mistake(reportDeclaration, `--json and --format ${values.format} do not go together`);
  const format: Format = values.json ? 'json' : (values.format as Format);
  const ids = positionals.map((text) => idArgument(reportDeclaration, text, positionals.length === 1 ? 'sweep id' : 'run id'));
  if (ids.length === 0) throw mistake(reportDeclaration, 'give a sweep id (see folio sweeps list), or two or more run ids (see folio runs list)');
  if (ids.length === 1 && values['group-seeds']) throw mistake(reportDeclaration, "--group-seeds is for comparing runs; a sweep's page groups its seeds already");
  if (ids.length > 1 && new Set(ids).size < 2) throw mistake(reportDeclaration, 'a comparison needs at least two different run ids');
  if (format === 'png' && values.output === undefined) throw mistake(reportDeclaration, '--format png writes one image per chart: name a folder with -o DIR');
  if (format !== 'html' && values.png !== undefined) throw mistake(reportDeclaration, `--png DIR goes with the HTML page; with --format ${format} leave it out`);

  const path = resolveStorePath(values.store, io);
  const report = ids.length === 1 ? sweepReport(path, ids[0]!) : compareReport(path, ids, values['group-seeds']);
  const output = values.output === undefined || values.output === '-' ? undefined : resolve(io.cwd, values.output);
  if (format === 'json') return emit(io, output, toJson(reportDocument(report)));
  const charts = await drawCharts(report);
  if (format === 'png') {
    writePngs(output!, charts);
    io.stderr.write(`${charts.length} chart${charts.length === 1 ? '' : 's'} written to ${output} as PNG\n`);
    return 0;
  }
  if (values.png !== undefined) writePngs(resolve(io.cwd, values.png), charts);
  return emit(io, output, reportPage(report, charts));
}

function sweepReport(path: string, id: number): Report {
  const reader = StoreReader.openExisting(path, () => new UserError(`no sweep ${id} in ${path} (there is no store there yet)`));
  try {
    const summary = reader.getSweep(id);
    if (summary === undefined) throw new UserError(`no sweep ${id} in ${path} (see folio sweeps list; to compare runs, give two or more run ids)`);
    return sweepReportData(reader, reportLeaderboard(reader, summary));
  } finally {
    reader.close();
  }
}

function compareReport(path: string, ids: number[], groupSeeds: boolean): Report {
  const reader = StoreReader.openExisting(path, () => new UserError(`no runs in ${path} (there is no store there yet)`));
  try {
    const unique = [...new Set(ids)];
    const missing = missingRuns(reader, unique);
    if (missing.length > 0) throw new UserError(`no run ${missing.join(', ')} in ${path} (see folio runs list)`);
    return compareReportData(reader, unique, { groupSeeds });
  } finally {
    reader.close();
  }
}

/** To stdout, or to a file written whole (a temporary name, then renamed) so that a reader never sees half a page. */
function emit(io: CommandIO, output: string | undefined, text: string): number {
  if (output === undefined) {
    io.stdout.write(text);
    return 0;
  }
  writeWhole(output, text);
  io.stderr.write(`report written to ${output} (${formatBytes(Buffer.byteLength(text))})\n`);
  return 0;
}

function writePngs(folder: string, charts: Awaited<ReturnType<typeof drawCharts>>): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create the folder ${folder} for the PNGs: ${reason(error)}`);
  }
  for (const chart of charts) writeWhole(join(folder, `${chart.id}.png`), chartPng(chart));
}

function writeWhole(path: string, content: string | Buffer): void {
  const temporary = join(dirname(path), `.${process.pid}.folio-report.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UserError(`cannot write ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
