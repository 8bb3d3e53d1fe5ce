// npm run bench [-- --suite step,native,gemm,compare,profile,curves,webgpu,sweep,queue,queue-load,loss,bigram,checkpoint,dashboard,report,variants] [--backend auto] [--steps 100] [--rounds 3] [--lecture-steps 3] [--config FILE] [--json]
// Speed, memory and loss of the shipped configs on this machine, against the issues' targets,
// with the PyTorch reference (../shared/anchors) run side by side where it is installed.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveCacheDir } from '../framework/cli/cache-dir.js';
import { loadAddon } from '../framework/engine/native/addon.js';
import { describeAdapter, requestAdapter, summarize } from '../framework/engine/webgpu/dawn.js';
import { formatParams } from '../framework/present/format.js';
import { measureCheckpoint } from './checkpoint.js';
import { dashboardBench } from './dashboard/suite.js';
import { reportBench } from './report/suite.js';
import { queueLoadSuite, queueSuite, redisServerMissing } from './queue/suite.js';
import { variantFigures } from './variants.js';
import { median, percentile, runConfig } from './run-config.js';
import { referenceMatmulGflops, referenceStepMs, referenceUnavailable, torchVersion } from './torch-reference.js';
import { builtinRegistry } from '../components/index.js';
import { loadConfig } from '../framework/config/load.js';
import { blockLinearShapes, linearGflops } from './linear-shapes.js';
import { compareEngines, referenceShape, type CompareShape } from './compare.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The shared folder beside the checkout (a worktree one level deeper looks one more level up).
const SHARED = [resolve(ROOT, '../shared'), resolve(ROOT, '../../shared')].find((dir) => existsSync(dir)) ?? resolve(ROOT, '../shared');
const SHARED_TEXT = join(SHARED, 'data/tinyshakespeare.txt');
const REFERENCE = join(SHARED, 'anchors/gpt_ref.py');
const SMALL = join(ROOT, 'configs/shakespeare-char.yaml');
const LECTURE = join(ROOT, 'configs/shakespeare-char-lecture.yaml');

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'step,native,gemm,compare,curves,loss,bigram' },
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    // The lecture model's steps take seconds: compare and profile run it for this many (0: not at all).
    'lecture-steps': { type: 'string', default: '3' },
    // The config the step suite times (the compare, native and profile suites set it for their children).
    config: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const suites = new Set(values.suite.split(','));
const steps = Number(values.steps);
const cacheDir = seededCache();
const figures: Figure[] = [];
/** Tables printed above the figures (not in --json). */
const tables: string[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Median ms of a training step of `config` (evaluation and sampling off), and tensor growth. */
async function stepTime(config: string, backend: string, count: number) {
  const overrides = [`backend=${backend}`, `train.max_iters=${count}`, 'train.eval_interval=0', 'train.eval_iters=1', 'train.log_interval=1', 'sample.tokens=0'];
  const run = await runConfig(config, overrides, cacheDir);
  // Five warm-up steps, or half of a short run (the lecture model's 3 steps: 1).
  const warmup = Math.min(5, Math.floor(count / 2));
  const afterWarmup = run.stepMs.slice(warmup);
  return {
    medianMs: median(afterWarmup),
    p90Ms: percentile(afterWarmup, 90),
    tensorGrowth: run.liveTensors.at(-1)! - run.liveTensors[warmup]!,
    backend: run.result.backend,
  };
}

if (suites.has('step')) {
  const config = values.config ?? SMALL;
  log(`step: ${steps} steps of ${config} on ${values.backend}`);
  const { medianMs, p90Ms, tensorGrowth, backend } = await stepTime(config, values.backend, steps);
  figures.push({ name: `${backend} step, median`, value: medianMs, unit: 'ms', target: '<= 600', pass: medianMs <= 600 });
  figures.push({ name: `${backend} step, p90`, value: p90Ms, unit: 'ms' });
  figures.push({ name: `${backend} live tensors, growth`, value: tensorGrowth, unit: 'tensors', target: '0', pass: tensorGrowth === 0 });
}

const nativeMissing = loadAddon().addon === undefined ? 'the native engine is not built' : undefined;
const torchMissing = referenceUnavailable(REFERENCE);

if (suites.has('native') && !nativeMissing) {
  // One core is the process confined to one CPU (taskset), so that V8's collector and compiler
  // threads share it too; a pool of one thread on every core is shown alongside. The second core
  // of a shared VM is sometimes busy with a neighbour's work: the settings take turns, round
  // after round, and each round's speed-up pairs runs taken side by side.
  const rounds = Number(values.rounds);
  const oneCore = oneCorePrefix();
  log(`native: ${rounds} rounds of ${steps} steps of configs/shakespeare-char.yaml on native: all cores, one core${oneCore ? '' : ' (no taskset: a pool of one thread)'}, a pool of one thread`);
  const all: number[] = [];
  const one: number[] = [];
  const oneThread: number[] = [];
  let tensorGrowth = 0;
  for (let round = 0; round < rounds; round++) {
    const allCores = childStepTime(steps);
    all.push(allCores.medianMs);
    tensorGrowth = Math.max(tensorGrowth, allCores.tensorGrowth);
    one.push(childStepTime(steps, { threads: 1, prefix: oneCore }).medianMs);
    oneThread.push(childStepTime(steps, { threads: 1 }).medianMs);
    log(`  round ${round + 1}: ${all[round]!.toFixed(1)} ms on all cores, ${one[round]!.toFixed(1)} ms on one core, ${oneThread[round]!.toFixed(1)} ms with a pool of one thread`);
  }
  const speedups = all.map((ms, i) => one[i]! / ms);
  figures.push({ name: 'native step, median', value: median(all), unit: 'ms' });
  figures.push({ name: 'native live tensors, growth', value: tensorGrowth, unit: 'tensors', target: '0', pass: tensorGrowth === 0 });
  figures.push({ name: 'native step, 1 core', value: median(one), unit: 'ms' });
  figures.push({ name: 'native step, pool of 1 thread, all cores', value: median(oneThread), unit: 'ms' });
  figures.push({ name: 'native speed-up vs pool of 1 thread', value: median(oneThread.map((ms, i) => ms / all[i]!)), unit: 'x' });
  figures.push({ name: 'native speed-up, best round', value: Math.max(...speedups), unit: 'x' });
  const speedup = median(speedups);
  figures.push({ name: 'native speed-up, all cores vs 1 (median round)', value: speedup, unit: 'x', target: '>= 1.6', pass: speedup >= 1.6 });
}

if (suites.has('gemm') && !nativeMissing) {
  const { addon } = loadAddon();
  const gflops = nativeGemmGflops(2048);
  // The peak is what this CPU's FMA units do with no memory traffic, on every thread: the
  // ceiling for any GEMM here, whichever library is installed.
  const peak = addon!.peakGflops();
  figures.push({ name: `native matmul 2048^3 (${addon!.info().simd})`, value: gflops, unit: 'GFLOP/s' });
  figures.push({ name: 'FMA peak, all threads', value: peak, unit: 'GFLOP/s' });
  figures.push({ name: 'native matmul / measured peak', value: gflops / peak, unit: 'x', target: '>= 0.7', pass: gflops / peak >= 0.7 });
  if (!torchMissing) figures.push({ name: 'PyTorch (OpenBLAS) matmul 2048^3', value: referenceMatmulGflops(2048, 2), unit: 'GFLOP/s' });
  // The main config's linear layers (batch x context rows): the products a step is made of.
  const { config: main } = await loadConfig(SMALL, { registry: builtinRegistry() });
  const model = main.model as unknown as { n_embd: number; block_size: number };
  for (const shape of linearGflops(addon!, blockLinearShapes(main.train.batch_size * model.block_size, model.n_embd))) {
    figures.push({ name: `native linear ${shape.name}, forward`, value: shape.forward, unit: 'GFLOP/s' });
    figures.push({ name: `native linear ${shape.name}, gradient`, value: shape.gradient, unit: 'GFLOP/s' });
  }
}

if (suites.has('compare') && !nativeMissing && !torchMissing) {
  // The main config's shape and the lecture's, each engine on 1 and 2 threads, in interleaved
  // rounds; PyTorch runs the same model shape (its feed-forward is ReLU where Folio's is GELU).
  const lectureSteps = Number(values['lecture-steps']);
  const shapes: CompareShape[] = [{ label: 'main', config: SMALL, steps }];
  if (lectureSteps > 0) shapes.push({ label: 'lecture', config: LECTURE, steps: lectureSteps });
  const referenceShapes = new Map(await Promise.all(shapes.map(async (s) => [s.label, await referenceShape(s.config)] as const)));
  const simd = `${loadAddon().addon!.info().simd}${process.env.FOLIO_SIMD ? ` (FOLIO_SIMD=${process.env.FOLIO_SIMD})` : ''}`;
  log(`compare: ${values.rounds} rounds; main config ${steps} steps, lecture ${lectureSteps}; Folio native (${simd}) and PyTorch, 1 and 2 threads`);
  const loadBefore = loadavg();
  const { table, figures: compared } = compareEngines(shapes, Number(values.rounds), (shape, engine, threads) =>
    engine === 'folio'
      ? childStepTime(shape.steps, { threads, config: shape.config }).medianMs
      : referenceStepMs(REFERENCE, SHARED_TEXT, referenceShapes.get(shape.label)!, shape.steps, threads), log);
  const loadAfter = loadavg();
  tables.push(
    `Folio native (GEMM ${simd}) vs PyTorch ${torchVersion()}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after; median ms/step over ${values.rounds} rounds (range)`,
    ...table,
  );
  figures.push(...compared);
}

if (suites.has('profile') && !nativeMissing && values.json) log('skipped profile: it prints tables, not figures (run it without --json)');
if (suites.has('profile') && !nativeMissing && !values.json) {
  // One step of each shape, per phase and per kernel, on 1 and 2 threads (a child each: the pool is sized once per process).
  const profileSteps = Math.max(1, Math.min(steps, 10));
  const lectureSteps = Math.min(Number(values['lecture-steps']), 2);
  const shapes = [[SMALL, profileSteps], ...(lectureSteps > 0 ? [[LECTURE, lectureSteps] as const] : [])] as const;
  for (const [config, count] of shapes) {
    for (const threads of [1, 2]) {
      log(`profile: ${count} steps of ${config} on native, ${threads} thread(s)`);
      const child = spawnSync(process.execPath, [join(ROOT, 'dist/bench/profile-step.js'), 'native', String(count), config], {
        env: { ...process.env, FOLIO_THREADS: String(threads) },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`profile failed: ${child.stderr.slice(-500)}`);
      tables.push(`${config.slice(ROOT.length + 1)} (load average ${loadavg()[0]!.toFixed(2)})`, child.stdout.trimEnd(), '');
    }
  }
}

if (suites.has('curves') && !nativeMissing) {
  log('curves: the first 100 steps of configs/shakespeare-char.yaml on wasm and on native, same seed');
  const losses = async (backend: string) => {
    const run = await runConfig(SMALL, [`backend=${backend}`, 'train.max_iters=100', 'train.eval_interval=0', 'train.eval_iters=1', 'train.log_interval=1', 'sample.tokens=0'], cacheDir);
    return run.losses;
  };
  const [wasm, native] = [await losses('wasm'), await losses('native')];
  const gap = Math.max(...wasm.map((loss, i) => Math.abs(loss - native[i]!)));
  figures.push({ name: 'loss curves, max |wasm - native| over 100 steps', value: gap, unit: '', target: '<= 1e-3', pass: gap <= 1e-3 });
}

if (suites.has('webgpu')) {
  // The same first 100 steps on the GPU path (on whatever adapter Dawn offers here: lavapipe
  // on a machine without a GPU, so this checks numerics, not speed) and on the CPU engine.
  const adapter = await requestAdapter();
  if (adapter === undefined) log('skipped webgpu: no WebGPU adapter (install mesa-vulkan-drivers, see .ci/install-lavapipe.sh)');
  else {
    const reference = nativeMissing ? 'wasm' : 'native';
    log(`webgpu: the first 100 steps of configs/shakespeare-char.yaml on webgpu (${describeAdapter(summarize(adapter))}) and on ${reference}, same seed`);
    const curve = (backend: string) =>
      runConfig(SMALL, [`backend=${backend}`, 'train.max_iters=100', 'train.eval_interval=0', 'train.eval_iters=1', 'train.log_interval=1', 'sample.tokens=0'], cacheDir);
    const [gpu, cpu] = [await curve('webgpu'), await curve(reference)];
    const gap = Math.max(...gpu.losses.map((loss, i) => Math.abs(loss - cpu.losses[i]!)));
    figures.push({ name: `loss curves, max |webgpu - ${reference}| over 100 steps`, value: gap, unit: '', target: '<= 1e-3', pass: gap <= 1e-3 });
    figures.push({ name: 'webgpu step, median (this adapter)', value: median(gpu.stepMs.slice(5)), unit: 'ms' });
    figures.push({ name: 'webgpu live tensors, growth', value: gpu.liveTensors.at(-1)! - gpu.liveTensors[5]!, unit: 'tensors', target: '0', pass: gpu.liveTensors.at(-1) === gpu.liveTensors[5] });
  }
}

if (suites.has('sweep')) {
  // 8 trials of a shortened main config: as a sweep of 2 at a time (one core each), and one after
  // another on one thread each. The sweep should take about half as long: its own overhead is
  // the ratio's excess over 1.
  const rates = [4e-4, 6e-4, 8e-4, 1e-3, 1.5e-3, 2e-3, 3e-3, 4e-3];
  const backend = nativeMissing ? values.backend : 'native';
  const shorten = ['train.max_iters=300', 'train.eval_interval=150', 'train.eval_iters=10', 'sample.tokens=50', `backend=${backend}`];
  const scratch = mkdtempSync(join(tmpdir(), 'folio-bench-sweep-'));
  try {
    const env = { ...process.env, FOLIO_CACHE: cacheDir, FOLIO_STORE: join(scratch, 'folio.db') };
    const folioCli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
      new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin/folio.js'), ...args], { env: { ...env, ...extraEnv }, cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => (code === 0 ? done() : fail(new Error(`folio ${args[0]} failed: ${stderr.slice(-500)}`))));
      });
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return (performance.now() - started) / 1000;
    };
    const trial = (lr: number) => folioCli(['run', SMALL, '--plain', '--set', `optimizer.lr=${lr}`, ...shorten.flatMap((s) => ['--set', s])], { FOLIO_THREADS: '1' });
    log(`sweep: 8 trials of configs/shakespeare-char.yaml (300 steps) on ${backend}: as a sweep at parallel 2, one by one on one thread, and as plain runs two at a time`);
    // The first process after a build pays for cold caches (it measured 20% slower here): one untimed run first.
    await trial(rates[0]!);
    const sweepSeconds = await timed(() => folioCli(['sweep', SMALL, '--param', `optimizer.lr=${rates.join(',')}`, '--parallel', '2', '--plain', ...shorten.flatMap((s) => ['--set', s])]));
    const serialSeconds = await timed(async () => {
      for (const lr of rates) await trial(lr);
    });
    // What two processes on this machine's cores do to each other, with no sweep involved.
    const pairedSeconds = await timed(async () => {
      for (let i = 0; i < rates.length; i += 2) await Promise.all(rates.slice(i, i + 2).map(trial));
    });
    const ratio = sweepSeconds / (serialSeconds / 2);
    figures.push({ name: 'sweep of 8 trials at parallel 2', value: sweepSeconds, unit: 's' });
    figures.push({ name: 'the same 8 one by one, one thread each', value: serialSeconds, unit: 's' });
    figures.push({ name: 'the same 8 as plain runs, two at a time', value: pairedSeconds, unit: 's' });
    figures.push({ name: 'two processes at once vs one by one / 2 (the cores)', value: pairedSeconds / (serialSeconds / 2), unit: 'x' });
    figures.push({ name: 'sweep / (one by one / 2)', value: ratio, unit: 'x', target: '<= 1.15', pass: ratio <= 1.15 });
    figures.push({ name: "sweep / plain runs two at a time (the sweep's own cost)", value: sweepSeconds / pairedSeconds, unit: 'x', target: '<= 1.15', pass: sweepSeconds / pairedSeconds <= 1.15 });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (suites.has('queue') && !redisServerMissing) figures.push(...(await queueSuite(Number(values.rounds), log)));
if (suites.has('queue-load') && !redisServerMissing) figures.push(...(await queueLoadSuite(log)));

if (suites.has('loss')) {
  log(`loss: configs/shakespeare-char.yaml end to end on ${values.backend}`);
  const run = await runConfig(SMALL, [`backend=${values.backend}`], cacheDir);
  const valLoss = run.evals.at(-1)!.valLoss;
  figures.push({ name: 'shakespeare-char val loss at 2000', value: valLoss, unit: '', target: '<= 1.85', pass: valLoss <= 1.85 });
  figures.push({ name: `shakespeare-char wall time (${run.result.backend})`, value: run.wallSeconds, unit: 's' });
}

if (suites.has('checkpoint')) {
  const rounds = Number(values.rounds) + 2;
  log(`checkpoint: ${rounds} checkpoints of configs/shakespeare-char-lecture.yaml's model with AdamW state on ${values.backend}`);
  const measured = await measureCheckpoint(LECTURE, values.backend, cacheDir, rounds);
  const [stall, write] = [median(measured.stallMs), median(measured.writeMs)];
  figures.push({ name: `checkpoint size (${formatParams(measured.parameters)} parameters + AdamW moments)`, value: measured.bytes / 2 ** 20, unit: 'MiB' });
  figures.push({ name: `checkpoint: training loop waits (${measured.backend}), median`, value: stall, unit: 'ms', target: '< 300', pass: stall < 300 });
  figures.push({ name: 'checkpoint: written, fsync\'d and renamed, median', value: write, unit: 'ms', target: '< 300', pass: write < 300 });
  figures.push({ name: 'checkpoint: written, slowest round', value: Math.max(...measured.writeMs), unit: 'ms' });
  figures.push({ name: "checkpoint: the disk's floor (same bytes, plain write + fsync), median", value: median(measured.diskMs), unit: 'ms' });
}

if (suites.has('report')) {
  const measured = reportBench(Number(values.rounds), log);
  figures.push({ name: `report: ${measured.trials}-trial sweep page, folio report in a fresh process`, value: measured.processMs, unit: 'ms', target: '< 2000', pass: measured.processMs < 2000 });
  if (measured.processCpuMs !== undefined) figures.push({ name: 'report: the same, CPU time of the process (user + system)', value: measured.processCpuMs, unit: 'ms' });
  figures.push({ name: `report: ${measured.trials}-trial sweep page size`, value: measured.pageBytes / 1024 / 1024, unit: 'MB', target: '< 2', pass: measured.pageBytes < 2 * 1024 * 1024 });
  figures.push({ name: 'report: the same charts as PNGs (--format png)', value: measured.pngMs, unit: 'ms' });
}

if (suites.has('dashboard')) {
  // A store of 500 runs and 1,000,000 metric rows; each figure from fresh processes (median of --rounds).
  const measured = dashboardBench(Number(values.rounds), log);
  figures.push({ name: 'dashboard: open the store and draw the first frame', value: measured.firstFrameMs, unit: 'ms', target: '< 1000', pass: measured.firstFrameMs < 1000 });
  figures.push({ name: 'dashboard: process start to first frame (Node, imports)', value: measured.processToFrameMs, unit: 'ms' });
  figures.push({ name: 'dashboard: open Compare on 10 runs', value: measured.compareMs, unit: 'ms', target: '< 300', pass: measured.compareMs < 300 });
  figures.push({ name: 'dashboard: peak memory (RSS)', value: measured.maxRssMiB, unit: 'MiB', target: '< 200', pass: measured.maxRssMiB < 200 });
  figures.push({ name: 'dashboard: CPU while idle (polling, nothing changes)', value: measured.idleCpuPercent, unit: '%' });
}

if (suites.has('variants')) {
  log(`variants: ${steps} steps of each variant config on ${values.backend}, ${values.rounds} rounds`);
  const stepMedian = async (config: string) => (await stepTime(config, values.backend, steps)).medianMs;
  figures.push(...(await variantFigures(join(ROOT, 'configs'), Number(values.rounds), stepMedian)));
}

if (suites.has('bigram')) {
  log(`bigram: configs/bigram.yaml end to end on ${values.backend}`);
  const run = await runConfig(join(ROOT, 'configs/bigram.yaml'), [`backend=${values.backend}`], cacheDir);
  const valLoss = run.evals.at(-1)!.valLoss;
  figures.push({ name: 'bigram val loss', value: valLoss, unit: '', target: '<= 2.55', pass: valLoss <= 2.55 });
}

for (const [suite, missing] of [['native/gemm/compare/curves', nativeMissing], ['gemm peak/compare', torchMissing], ['queue/queue-load', redisServerMissing]] as const) {
  if (missing && [...suites].some((s) => suite.includes(s))) log(`skipped ${suite}: ${missing}`);
}
report(figures);

/**
 * Step time on native from a child process (the thread pool is sized once per process): on every
 * core, or with `threads` pool threads, started through `prefix` (taskset) when given.
 */
function childStepTime(count: number, options: { threads?: number; prefix?: string[]; config?: string } = {}): { medianMs: number; tensorGrowth: number } {
  const env = { ...process.env };
  if (options.threads === undefined) delete env.FOLIO_THREADS;
  else env.FOLIO_THREADS = String(options.threads);
  const args = [fileURLToPath(import.meta.url), '--suite', 'step', '--backend', 'native', '--steps', String(count), '--json', ...(options.config ? ['--config', options.config] : [])];
  const [command, ...rest] = [...(options.prefix ?? []), process.execPath, ...args];
  const child = spawnSync(command!, rest, { env, encoding: 'utf8' });
  if (child.status !== 0 && child.stdout.trim() === '') throw new Error(`the step bench failed: ${child.stderr.slice(-500)}`);
  const rows = JSON.parse(child.stdout) as Figure[];
  const value = (name: string) => rows.find((r) => r.name === name)!.value;
  return { medianMs: value('native step, median'), tensorGrowth: value('native live tensors, growth') };
}

/** `taskset -c N`, N the first CPU this process may use, or undefined where taskset is missing. */
function oneCorePrefix(): string[] | undefined {
  if (spawnSync('taskset', ['--version']).status !== 0) return undefined;
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const first = /Cpus_allowed_list:\s*(\d+)/.exec(status)?.[1] ?? '0';
  return ['taskset', '-c', first];
}

function nativeGemmGflops(n: number): number {
  const { addon } = loadAddon();
  if (addon === undefined) return NaN;
  const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const out = new Float32Array(n * n);
  addon.matmul(a, a, out, 1, n, n, n, false, false, 0, 0);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    addon.matmul(a, a, out, 1, n, n, n, false, false, 0, 0);
    best = Math.min(best, performance.now() - started);
  }
  return (2 * n ** 3) / best / 1e6;
}

/** The dataset cache, seeded from ../shared when the user's cache lacks the file (no network here). */
function seededCache(): string {
  const cache = resolveCacheDir(process.env, process.cwd());
  const cached = join(cache, 'tinyshakespeare.txt');
  if (!existsSync(cached) && existsSync(SHARED_TEXT)) {
    mkdirSync(cache, { recursive: true });
    copyFileSync(SHARED_TEXT, cached);
  }
  return cache;
}

function report(rows: Figure[]): void {
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  if (tables.length > 0) process.stdout.write(`\n${tables.join('\n')}\n`);
  process.stdout.write(`\nfolio bench (node ${process.version})\n`);
  for (const row of rows) {
    const digits = row.unit === '' || row.unit === 'x' ? 3 : 1;
    const small = row.value !== 0 && Math.abs(row.value) < 10 ** -digits;
    const value = Number.isInteger(row.value) ? String(row.value) : small ? row.value.toExponential(1) : row.value.toFixed(digits);
    const verdict = row.target === undefined ? '' : `  target ${row.target}: ${row.pass ? 'ok' : 'MISSED'}`;
    process.stdout.write(`  ${row.name.padEnd(width)}  ${value} ${row.unit}${verdict}\n`);
  }
}
