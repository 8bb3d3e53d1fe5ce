// One measurement in a fresh process (so its memory is the dashboard's alone): open a big store, draw
// the dashboard's first frame, then open Compare on 10 runs. Prints one JSON line.
// node dist/bench/dashboard/probe.js STORE
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { render } from 'ink-testing-library';
import { CompareView } from '../../framework/dashboard/compare/CompareView.js';
import { DashboardApp } from '../../framework/dashboard/app/DashboardApp.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';

/**
 * This process's peak resident memory. On Linux, from VmHWM: getrusage's maxRSS starts a forked child
 * at its parent's peak, so a probe spawned by a bench that had grown (the checkpoint suite) read 411 MiB.
 */
function peakRssMiB(): number {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(process.platform === 'linux' ? readFileSync('/proc/self/status', 'utf8') : '');
  return (hwm === null ? process.resourceUsage().maxRSS : Number(hwm[1])) / 1024;
}

const WIDTH = 120;
const HEIGHT = 40;

async function frameContaining(instance: { lastFrame: () => string | undefined }, text: string): Promise<void> {
  while (!(instance.lastFrame() ?? '').includes(text)) await new Promise((resolve) => setImmediate(resolve));
}

const path = process.argv[2]!;
const openStarted = performance.now();
const reader = StoreReader.open(path)!;
const app = render(<DashboardApp openReader={() => reader} storePath={path} width={WIDTH} height={HEIGHT} pollMs={500} />);
const total = reader.runs().length;
await frameContaining(app, `${total}/${total} runs`);
const firstFrameMs = performance.now() - openStarted;
// From the process's start: Node itself and loading React, Ink and the dashboard's modules included.
const processToFrameMs = performance.now();
const afterFirstFrame = process.memoryUsage();

const ids = reader.runs().slice(0, 10).map((run) => run.id);
const compareStarted = performance.now();
const compare = render(
  <CompareView reader={reader} runIds={ids} version={0} width={WIDTH} height={HEIGHT} now={Date.now()} active={false} navigation={{ open: () => undefined, back: () => undefined }} />,
);
await frameContaining(compare, `${ids.length} runs`);
const compareMs = performance.now() - compareStarted;
compare.unmount();

// Idle: nothing commits, so each poll is one pragma and nothing is drawn. Measured after the first
// poll (which always reloads once, see useStoreVersion) has come and gone.
await new Promise((resolve) => setTimeout(resolve, 1000));
const IDLE_MS = 3000;
const cpuBefore = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
const cpu = process.cpuUsage(cpuBefore);
const idleCpuPercent = ((cpu.user + cpu.system) / 1000 / IDLE_MS) * 100;

process.stdout.write(
  `${JSON.stringify({
    firstFrameMs,
    compareMs,
    processToFrameMs,
    rssAfterFirstFrameMiB: afterFirstFrame.rss / 2 ** 20,
    maxRssMiB: peakRssMiB(),
    idleCpuPercent,
  })}\n`,
);
app.unmount();
process.exit(0);
