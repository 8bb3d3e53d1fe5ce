// The dashboard benchmark: a store of 500 runs and 1,000,000 metric rows; in a fresh process, the
// first frame (opening the store included) and Compare on 10 runs; the process's peak memory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBigStore } from './build-store.js';

export interface DashboardFigures {
  runs: number;
  metricRows: number;
  buildSeconds: number;
  /** Medians over the rounds. */
  firstFrameMs: number;
  compareMs: number;
  maxRssMiB: number;
  processToFrameMs: number;
  idleCpuPercent: number;
}

interface ProbeResult {
  firstFrameMs: number;
  compareMs: number;
  maxRssMiB: number;
  processToFrameMs: number;
  idleCpuPercent: number;
}

export function dashboardBench(rounds: number, log: (line: string) => void): DashboardFigures {
  const dir = mkdtempSync(join(tmpdir(), 'folio-bench-dashboard-'));
  try {
    const path = join(dir, 'folio.db');
    const started = performance.now();
    const built = buildBigStore(path, 500, 2000);
    const buildSeconds = (performance.now() - started) / 1000;
    log(`dashboard: ${built.runs} runs, ${built.metricRows} metric rows written in ${buildSeconds.toFixed(1)} s; ${rounds} fresh processes`);
    const probe = join(dirname(fileURLToPath(import.meta.url)), 'probe.js');
    const results: ProbeResult[] = [];
    for (let i = 0; i < rounds; i++) {
      const child = spawnSync(process.execPath, [probe, path], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`the dashboard probe failed:\n${child.stderr}`);
      results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ProbeResult);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return {
      ...built,
      buildSeconds,
      firstFrameMs: median(results.map((r) => r.firstFrameMs)),
      compareMs: median(results.map((r) => r.compareMs)),
      maxRssMiB: Math.max(...results.map((r) => r.maxRssMiB)),
      processToFrameMs: median(results.map((r) => r.processToFrameMs)),
      idleCpuPercent: median(results.map((r) => r.idleCpuPercent)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
