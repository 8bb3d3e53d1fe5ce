// folio report as a user runs it: a sweep's page, a comparison's page, the JSON and the PNGs, and
// every mistake explained. (The pages in a real browser: report-browser.test.ts.)
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand } from '../../framework/cli/commands/report.js';
import { sweepsCommand } from '../../framework/cli/commands/sweeps.js';
import { UserError } from '../../framework/errors.js';
import { RunStore } from '../../framework/tracking/store.js';
import { folio } from '../helpers/cli.js';
import { failure, tempDir, testIO } from '../tracking/helpers.js';
import { recordRunsToCompare, recordSweep } from './fixtures.js';

function project(points = 12) {
  const cwd = tempDir();
  const store = RunStore.open(join(cwd, 'runs', 'folio.db'));
  const sweep = recordSweep(store, points);
  const runs = recordRunsToCompare(store);
  store.close();
  return { cwd, sweepId: sweep.sweepId, runs };
}

async function sweepsShowJson(cwd: string, sweepId: number) {
  const io = testIO(cwd);
  expect(await sweepsCommand(['show', String(sweepId), '--json'], io)).toBe(0);
  return JSON.parse(io.out()) as { points: { rank: number; point: Record<string, unknown>; mean: number }[]; best: { point: Record<string, unknown>; runId: number } };
}

describe('folio report <sweep-id>', () => {
  it('writes one page with nothing to fetch: leaderboard as sweeps show ranks it, every chart as SVG with its spec', async () => {
    const { cwd, sweepId } = project();
    const io = testIO(cwd);
    expect(await reportCommand([String(sweepId), '-o', 'sweep.html'], io)).toBe(0);
    expect(io.err()).toMatch(/^report written to .*sweep\.html \(\d+ KiB\)\n$/);
    const html = readFileSync(join(cwd, 'sweep.html'), 'utf8');

    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
    const charts = [...html.matchAll(/<figure class="chart" id="chart-([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(charts).toEqual(['importance', 'objective-optimizer-lr', 'objective-model-n-layer', 'objective-model-norm', 'parallel-coordinates', 'top-curves']);
    expect(html.match(/<svg /g)).toHaveLength(charts.length);
    expect(html.match(/&quot;\$schema&quot;: &quot;https:\/\/vega\.github\.io\/schema\/vega-lite\/v5\.json&quot;/g)).toHaveLength(charts.length);

    const best = (await sweepsShowJson(cwd, sweepId)).best;
    const firstRow = /<table id="leaderboard">[\s\S]*?<tbody>\n<tr>(.*?)<\/tr>/.exec(html)![1]!;
    expect(firstRow).toContain(`#${best.runId}`);
    expect(firstRow).toMatch(/^<td class="num">1<\/td>/);
    expect(html).toContain(`the resolved config of run ${best.runId}`);
    expect(html).toMatch(/pruner<\/dt><dd>median \(warmup_steps 20, min_trials 4\)/);
    expect(html).toMatch(/trials<\/dt><dd>23 completed, 1 pruned/);
    expect(html).toMatch(/machines<\/dt><dd>box-1/);
    // The samples' text is escaped, not markup.
    expect(html).toMatch(/ROMEO: &lt;run \d+ at step 100&gt; &amp; what light/);
    // 12 points of 3 parameters are too few for reliable importance: the page says so.
    expect(html).toMatch(/Note: only 11 completed points: with fewer than 15 for 3 parameters these figures are a rough guess/);
  });

  it('--format json: the same leaderboard as sweeps show --json, importance (learning rate first), each chart\'s spec', async () => {
    const { cwd, sweepId } = project(30);
    const io = testIO(cwd);
    expect(await reportCommand([String(sweepId), '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as {
      kind: string;
      leaderboard: { points: unknown[]; best: unknown };
      importance: { parameters: { path: string; importance: number }[]; reliable: boolean };
      charts: { id: string; spec: { $schema: string } }[];
    };
    const shown = await sweepsShowJson(cwd, sweepId);
    expect(report.kind).toBe('sweep');
    expect(report.leaderboard.points).toEqual(shown.points);
    expect(report.leaderboard.best).toEqual(shown.best);
    expect(report.importance.reliable).toBe(true);
    expect(report.importance.parameters[0]).toMatchObject({ path: 'optimizer.lr' });
    expect(report.importance.parameters[0]!.importance).toBeGreaterThan(0.8);
    expect(report.charts.map((chart) => chart.id)).toContain('parallel-coordinates');
    expect(report.charts.every((chart) => chart.spec.$schema.includes('vega-lite'))).toBe(true);
  });

  it('--format png -o DIR writes each chart as a PNG; --png DIR writes them beside the page', async () => {
    const { cwd, sweepId } = project(6);
    expect(await reportCommand([String(sweepId), '--format', 'png', '-o', 'charts'], testIO(cwd))).toBe(0);
    const files = readdirSync(join(cwd, 'charts')).sort();
    expect(files).toEqual(['importance.png', 'objective-model-n-layer.png', 'objective-model-norm.png', 'objective-optimizer-lr.png', 'parallel-coordinates.png', 'top-curves.png']);
    for (const file of files) expect(readFileSync(join(cwd, 'charts', file)).subarray(1, 4).toString()).toBe('PNG');

    expect(await reportCommand([String(sweepId), '-o', 'page.html', '--png', 'slides'], testIO(cwd))).toBe(0);
    expect(existsSync(join(cwd, 'page.html'))).toBe(true);
    expect(readdirSync(join(cwd, 'slides'))).toHaveLength(files.length);
  });
});

describe('folio report <run-id> <run-id>...', () => {
  it('--group-seeds: curves of train and val on a linear and a log scale, metrics, the keys that differ, samples at a shared step', async () => {
    const { cwd, runs } = project(3);
    const io = testIO(cwd);
    expect(await reportCommand([...runs.map(String), '--group-seeds', '-o', 'compare.html'], io)).toBe(0);
    const html = readFileSync(join(cwd, 'compare.html'), 'utf8');
    expect(html).not.toMatch(/<script|\b(src|href)="(?!#)/);
    expect([...html.matchAll(/<figure class="chart" id="chart-([a-z0-9-]+)"/g)].map((m) => m[1])).toEqual(['loss-curves', 'loss-curves-log']);
    expect(html).toContain('<input type="checkbox" id="log-scale" class="log-toggle">');
    const metrics = /<table id="metrics-table">[\s\S]*?<\/table>/.exec(html)![0];
    expect(metrics).toContain(`#${runs[0]},#${runs[1]} lr-0.001 (2 seeds)`);
    expect(metrics).toContain(`#${runs[2]} lr-0.003`);
    const diff = /<table id="config-diff-table">[\s\S]*?<\/table>/.exec(html)![0];
    expect(diff).toMatch(/<td>optimizer\.lr<\/td><td>1e-3<\/td><td>3e-3<\/td>/);
    expect(html).toContain('Samples at step 100');
    expect(html).toContain(`final text of run ${runs[2]} &lt;b&gt;not bold&lt;/b&gt;`);
  });

  it('--format json holds both curves for every run', async () => {
    const { cwd, runs } = project(3);
    const io = testIO(cwd);
    expect(await reportCommand([...runs.map(String), '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as { kind: string; valCurves: { runIds: number[]; points: unknown[] }[]; trainCurves: unknown[] };
    expect(report.kind).toBe('compare');
    expect(report.valCurves.map((curve) => curve.runIds)).toEqual(runs.map((id) => [id]));
    expect(report.valCurves[0]!.points).toHaveLength(11);
    expect(report.trainCurves).toHaveLength(3);
  });
});

describe('folio report mistakes', () => {
  it('explains each, exit 2, and writes nothing', async () => {
    const { cwd, sweepId, runs } = project(3);
    const mistakes: [string[], RegExp][] = [
      [[], /give a sweep id .* or two or more run ids/],
      [['99'], /no sweep 99 in .*folio\.db \(see folio sweeps list; to compare runs, give two or more run ids\)/],
      [[String(runs[0]), '999'], /no run 999 in /],
      [[String(sweepId), '--format', 'pdf'], /--format must be one of html, json, png, got "pdf"/],
      [[String(sweepId), '--group-seeds'], /--group-seeds is for comparing runs/],
      [[String(sweepId), '--format', 'png'], /--format png writes one image per chart: name a folder with -o DIR/],
      [[String(sweepId), '--format', 'json', '--png', 'x'], /--png DIR goes with the HTML page/],
      [['x1'], /sweep id must be a positive whole number, got "x1"/],
      [[String(sweepId), '-o', 'no/such/folder/page.html'], /cannot write .*no\/such\/folder\/page\.html: no such folder/],
      [[String(sweepId), '--colour'], /unknown option --colour/],
    ];
    for (const [args, message] of mistakes) {
      const error = await failure(reportCommand(args, testIO(cwd)));
      expect(error, args.join(' ')).toBeInstanceOf(UserError);
      expect(error.message, args.join(' ')).toMatch(message);
    }
    mkdirSync(join(cwd, 'empty'));
    const error = await failure(reportCommand(['1'], testIO(join(cwd, 'empty'))));
    expect(error.message).toMatch(/no sweep 1 in .*empty\/runs\/folio\.db \(there is no store there yet\)/);
    expect(existsSync(join(cwd, 'empty', 'runs'))).toBe(false);
  });
});

describe('folio report, the built command', () => {
  it('writes the page and says where; a mistake is one line on stderr and exit 2, no stack trace', async () => {
    const { cwd, sweepId } = project(3);
    const written = await folio(['report', String(sweepId), '-o', 'sweep.html'], { cwd });
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/^report written to .*sweep\.html \(\d+ KiB\)\n$/);
    expect(readFileSync(join(cwd, 'sweep.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const wrong = await folio(['report', '42'], { cwd });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`folio: no sweep 42 in ${join(cwd, 'runs', 'folio.db')} (see folio sweeps list; to compare runs, give two or more run ids)\n`);
  });
});
