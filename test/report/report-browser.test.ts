// The report pages in a real browser: Debian's chromium, headless, driven by puppeteer-core. No
// console errors, no request beyond the page's own file, every chart drawn (its SVG with axis and
// legend text), the leaderboard's first row the best point of `folio sweeps show --json`, and the
// comparison's log-scale toggle working without a script.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../framework/cli/commands/report.js';
import { sweepsCommand } from '../../framework/cli/commands/sweeps.js';
import { formatMeanStd } from '../../framework/present/sweep-format.js';
import { RunStore } from '../../framework/tracking/store.js';
import { workspace } from '../helpers/temp.js';
import { testIO } from '../tracking/helpers.js';
import { recordRunsToCompare, recordSweep } from './fixtures.js';

/** The browser test needs Chromium (.ci/run installs Debian's `chromium`; `apt-get install chromium`). */
const CHROMIUM = ['chromium', 'chromium-browser'].find((name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0);

let browser: Browser | undefined;
let profile = '';

beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  profile = workspace();
  const executablePath = spawnSync('sh', ['-c', `command -v ${CHROMIUM}`], { encoding: 'utf8' }).stdout.trim();
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    // A fresh profile, and none of Chromium's own traffic (updates, sync, field trials) to blur "no network requests".
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`],
  });
});

afterAll(async () => {
  await browser?.close();
});

interface PageVisit {
  page: Page;
  consoleErrors: string[];
  requests: string[];
}

/** Opens a file and records console errors and every request other than the file itself. */
async function visit(file: string): Promise<PageVisit> {
  const page = await browser!.newPage();
  const url = pathToFileURL(file).href;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'networkidle0' });
  return { page, consoleErrors, requests };
}

interface DrawnChart {
  id: string;
  svg: boolean;
  width: number;
  axisTexts: string[];
  legendTexts: string[];
  wantsLegend: boolean;
  visible: boolean;
}

async function drawnCharts(page: Page): Promise<DrawnChart[]> {
  return page.$$eval('figure.chart', (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg');
      const texts = (selector: string) => [...figure.querySelectorAll(`${selector} text`)].map((t) => t.textContent?.trim() ?? '').filter((t) => t !== '');
      return {
        id: figure.getAttribute('data-chart') ?? '',
        svg: svg !== null,
        width: svg?.getBoundingClientRect().width ?? 0,
        axisTexts: texts('.role-axis'),
        legendTexts: texts('.role-legend'),
        wantsLegend: figure.getAttribute('data-legend') === 'true',
        visible: (figure as unknown as { offsetParent: unknown }).offsetParent !== null,
      };
    }),
  );
}

function expectDrawn(charts: DrawnChart[]): void {
  expect(charts.length).toBeGreaterThan(0);
  for (const chart of charts) {
    expect(chart.svg, chart.id).toBe(true);
    expect(chart.axisTexts.length, `${chart.id} axis text`).toBeGreaterThan(0);
    if (chart.wantsLegend) expect(chart.legendTexts.length, `${chart.id} legend text`).toBeGreaterThan(0);
  }
}

describe.skipIf(CHROMIUM === undefined)('folio report pages in headless Chromium', () => {
  it('a sweep\'s page: no errors, no requests, every chart drawn, the leaderboard led by sweeps show\'s best point', async () => {
    const cwd = workspace();
    const store = RunStore.open(join(cwd, 'runs', 'folio.db'));
    const { sweepId } = recordSweep(store, 16);
    store.close();
    expect(await reportCommand([String(sweepId), '-o', 'sweep.html'], testIO(cwd))).toBe(0);
    const shown = testIO(cwd);
    await sweepsCommand(['show', String(sweepId), '--json'], shown);
    const best = (JSON.parse(shown.out()) as { best: { runId: number; mean: number; std: number | null; point: Record<string, unknown> } }).best;

    const { page, consoleErrors, requests } = await visit(join(cwd, 'sweep.html'));
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    const charts = await drawnCharts(page);
    expectDrawn(charts);
    expect(charts.map((chart) => chart.id)).toEqual(['importance', 'objective-optimizer-lr', 'objective-model-n-layer', 'objective-model-norm', 'parallel-coordinates', 'top-curves']);
    expect(charts.every((chart) => chart.visible && chart.width > 100)).toBe(true);
    expect(charts.find((chart) => chart.id === 'objective-optimizer-lr')!.axisTexts).toContain('optimizer.lr');

    const firstRow = await page.$$eval('#leaderboard tbody tr:first-child td', (cells) => cells.map((cell) => cell.textContent ?? ''));
    const headers = await page.$$eval('#leaderboard thead th', (cells) => cells.map((cell) => cell.textContent ?? ''));
    const row = Object.fromEntries(headers.map((header, i) => [header, firstRow[i]]));
    expect(row.rank).toBe('1');
    expect(row['val/loss']).toBe(formatMeanStd(best.mean, best.std ?? undefined));
    expect(row.runs!.split(' ')).toContain(`#${best.runId}`);
    await page.close();
  });

  it('a comparison\'s page: no errors, no requests, the curves drawn, the log scale one click away', async () => {
    const cwd = workspace();
    const store = RunStore.open(join(cwd, 'runs', 'folio.db'));
    const runs = recordRunsToCompare(store);
    store.close();
    expect(await reportCommand([...runs.map(String), '--group-seeds', '-o', 'compare.html'], testIO(cwd))).toBe(0);

    const { page, consoleErrors, requests } = await visit(join(cwd, 'compare.html'));
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    const before = await drawnCharts(page);
    expectDrawn(before);
    expect(before.map((chart) => [chart.id, chart.visible])).toEqual([['loss-curves', true], ['loss-curves-log', false]]);
    expect(before[0]!.legendTexts).toEqual(expect.arrayContaining(['val loss', 'train loss']));

    await page.click('#log-scale');
    const after = await drawnCharts(page);
    expect(after.map((chart) => [chart.id, chart.visible])).toEqual([['loss-curves', false], ['loss-curves-log', true]]);
    expect(after[1]!.axisTexts).toContain('loss (log scale)');
    await page.close();
  });
});
