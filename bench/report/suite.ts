// The report benchmark: a 50-trial sweep (25 points x 2 seeds, curves and samples) written as one
// HTML page by `folio report` in fresh processes (Node's start and the imports of vega included),
// and the page's size. Targets (issue 22): under 2 MB, written in under 2 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunStore } from '../../framework/tracking/store.js';
import { recordSweep } from '../../test/report/fixtures.js';

export interface ReportFigures {
  trials: number;
  /** Medians over the rounds. */
  processMs: number;
  /** The process's CPU time (user + system): on a busy machine, closer to what an idle one takes than the wall time. */
  processCpuMs: number | undefined;
  pageBytes: number;
  pngMs: number;
}

const FOLIO_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/folio.js');

export function reportBench(rounds: number, log: (line: string) => void): ReportFigures {
  const dir = mkdtempSync(join(tmpdir(), 'folio-bench-report-'));
  try {
    const store = RunStore.open(join(dir, 'folio.db'));
    const { sweepId, runIds } = recordSweep(store, 25, 2000);
    store.close();
    log(`report: a sweep of ${runIds.length} trials (2000 steps each, curves every 10); ${rounds} fresh processes`);
    const timed = (args: string[]) => {
      const started = performance.now();
      const cpuBefore = childrenCpuMs();
      const child = spawnSync(process.execPath, [FOLIO_BIN, 'report', String(sweepId), '--store', join(dir, 'folio.db'), ...args], { encoding: 'utf8', cwd: dir });
      if (child.status !== 0) throw new Error(`folio report failed:\n${child.stderr}`);
      const cpuAfter = childrenCpuMs();
      return { wall: performance.now() - started, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
    };
    const page = Array.from({ length: rounds }, () => timed(['-o', 'sweep.html']));
    const png = Array.from({ length: rounds }, () => timed(['--format', 'png', '-o', 'png']));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const cpu = page.map((round) => round.cpu).filter((ms): ms is number => ms !== undefined);
    return {
      trials: runIds.length,
      processMs: median(page.map((round) => round.wall)),
      processCpuMs: cpu.length === 0 ? undefined : median(cpu),
      pageBytes: statSync(join(dir, 'sweep.html')).size,
      pngMs: median(png.map((round) => round.wall)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time of this process's finished children (Linux's /proc: cutime + cstime, in clock ticks of 10 ms); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ", cutime and cstime are the 14th and 15th fields.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}
