// npm run bench:gpu -- [--config FILE] [--steps N] [--full] [--deadline-s S] [--set k=v ...] [--json-out PATH]
// Folio on a GPU through WebGPU: step time of a config (evaluation and sampling off), and
// optionally the whole config as written, cut off at a deadline. Bundled by prepare.sh into
// .device/app/folio-gpu.mjs, which device.sh runs on a GPU machine that has no npm.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveCacheDir } from '../../framework/cli/cache-dir.js';
import { webGpuAdapter } from '../../framework/engine/webgpu/backend.js';
import type { AdapterSummary } from '../../framework/engine/webgpu/dawn.js';
import type { TrainingEvent } from '../../framework/training/events.js';
import { median, percentile, runConfig, type ConfigRun } from '../run-config.js';
import { profileStep, type StepProfile } from './profile.js';

/** Steps left out of the timings: shader compilation and buffer pools fill up in the first ones. */
const WARMUP_STEPS = 5;
/** A progress line at most this often (the device's log is all one sees of a hang). */
const PROGRESS_EVERY_MS = 10_000;

interface StepBenchmark {
  config: string;
  overrides: string[];
  warmupSteps: number;
  timedSteps: number;
  status: string;
  /** Every step, warm-up included. */
  stepMs: number[];
  losses: number[];
  medianMs: number;
  p90Ms: number;
  /** tf.memory().numTensors after the last step minus after the last warm-up step. */
  tensorGrowth: number;
  tokensPerStep: number;
  tokensPerSecond: number;
  wallSeconds: number;
}

interface FullRun {
  config: string;
  overrides: string[];
  deadlineSeconds?: number;
  status: string;
  step: number;
  wallSeconds: number;
  evaluations: { step: number; train: number; val: number }[];
  medianStepMs: number;
  finalSample?: string;
  error?: string;
}

interface Report {
  node: string;
  platform: string;
  cacheDir: string;
  adapter: AdapterSummary | null;
  backend?: string;
  backendNote?: string;
  steps?: StepBenchmark;
  profile?: StepProfile;
  full?: FullRun;
  errors: string[];
}

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'configs/shakespeare-char-lecture.yaml' },
    steps: { type: 'string', default: '50' },
    full: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'deadline-s': { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
    'json-out': { type: 'string' },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const here = dirname(fileURLToPath(import.meta.url));
const configFile = findConfig(values.config);
const timedSteps = Number(values.steps);
const deadlineSeconds = values['deadline-s'] === undefined ? undefined : Number(values['deadline-s']);
const cacheDir = seededCache();
const extra = values.set;
const report: Report = { node: process.version, platform: `${process.platform}-${process.arch}`, cacheDir, adapter: null, errors: [] };

if (!existsSync(join(cacheDir, 'tinyshakespeare.txt'))) log(`warning: no tinyshakespeare.txt in ${cacheDir} (set FOLIO_CACHE); the run will try to download it`);

// `timeout` in device.sh sends SIGTERM: stop the current run after its step, so that what it
// reached is still written.
let current: AbortController | undefined;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping after the current step`);
    save();
    if (current === undefined || current.signal.aborted) process.exit(1);
    current.abort();
  });
}

if (Number.isInteger(timedSteps) && timedSteps > 0) {
  await stage('steps', 'steps', async () => {
    report.steps = await stepBenchmark();
  });
}
if (values.profile) {
  await stage('profile', 'profile', async () => {
    report.profile = await profileStep(configFile, ['backend=webgpu', ...extra], cacheDir);
    log(`profile: ${report.profile.totalKernelMs.toFixed(2)} ms of kernels in one step`);
    for (const kernel of report.profile.kernels.slice(0, 25)) log(`  ${kernel.name.padEnd(48)} ${String(kernel.calls).padStart(4)}  ${kernel.ms.toFixed(3)} ms`);
  });
}
if (values.full) {
  await stage('full', 'full run', async () => {
    report.full = await fullRun();
  }, () => {
    if (report.full !== undefined) report.full.status = 'failed';
  });
}
summarize();
if (report.errors.length > 0) process.exitCode = 1;
// Ended here rather than by an empty event loop, which Dawn's device may keep from emptying.
process.exit();

/** Runs one part of the benchmark; a failure is recorded and the next part still runs. The report is saved after each. */
async function stage(name: string, label: string, body: () => Promise<void>, onError?: () => void): Promise<void> {
  try {
    await body();
  } catch (error) {
    report.errors.push(`${name}: ${describe(error)}`);
    onError?.();
    log(`${label} failed: ${describe(error)}`);
  }
  save();
}

/** `timedSteps` steps after the warm-up, a loss read (and so a GPU sync) after every one. */
async function stepBenchmark(): Promise<StepBenchmark> {
  const total = WARMUP_STEPS + timedSteps;
  const overrides = ['backend=webgpu', `train.max_iters=${total}`, 'train.eval_interval=0', 'train.eval_iters=1', 'train.log_interval=1', 'sample.tokens=0', ...extra];
  log(`steps: ${WARMUP_STEPS} warm-up + ${timedSteps} timed steps of ${configFile} on webgpu`);
  const run = await withController((signal) => runConfig(configFile, overrides, cacheDir, { signal, onEvent: progress(total) }));
  noteBackend(run);
  const timed = run.stepMs.slice(WARMUP_STEPS);
  if (timed.length === 0) throw new Error(`only ${run.stepMs.length} steps ran (${run.result.status}${run.result.error ? `: ${run.result.error}` : ''})`);
  const medianMs = median(timed);
  const tokensPerStep = run.start?.tokensPerStep ?? NaN;
  return {
    config: configFile,
    overrides,
    warmupSteps: WARMUP_STEPS,
    timedSteps: timed.length,
    status: run.result.status,
    stepMs: run.stepMs,
    losses: run.losses,
    medianMs,
    p90Ms: percentile(timed, 90),
    tensorGrowth: run.liveTensors.at(-1)! - run.liveTensors[WARMUP_STEPS - 1]!,
    tokensPerStep,
    tokensPerSecond: tokensPerStep / (medianMs / 1000),
    wallSeconds: run.wallSeconds,
  };
}

/**
 * The config as written (its evaluations and samples), stopped at the deadline if one is set.
 * What it has reached is written after every evaluation and sample: a sample cannot be
 * stopped part-way, and `timeout` may have to kill the process in one.
 */
async function fullRun(): Promise<FullRun> {
  const overrides = ['backend=webgpu', ...extra];
  log(`full: ${configFile} as written on webgpu${deadlineSeconds === undefined ? '' : `, stopped at ${deadlineSeconds} s`}`);
  const reached: FullRun = { config: configFile, overrides, ...(deadlineSeconds === undefined ? {} : { deadlineSeconds }), status: 'running', step: 0, wallSeconds: 0, evaluations: [], medianStepMs: NaN };
  const started = performance.now();
  const stepMs: number[] = [];
  report.full = reached;
  const track = (event: TrainingEvent) => {
    if (event.kind === 'step') {
      reached.step = event.step;
      stepMs.push(event.stepMs);
      reached.medianStepMs = median(stepMs);
    } else if (event.kind === 'eval' || event.kind === 'sample') {
      if (event.kind === 'eval') reached.evaluations.push({ step: event.step, train: event.trainLoss, val: event.valLoss });
      else reached.finalSample = event.text;
      reached.wallSeconds = (performance.now() - started) / 1000;
      save();
    }
  };
  const show = progress();
  const run = await withController((signal, controller) => {
    if (deadlineSeconds !== undefined) setTimeout(() => controller.abort(), deadlineSeconds * 1000).unref();
    return runConfig(configFile, overrides, cacheDir, { signal, onEvent: (event) => (track(event), show(event)) });
  });
  noteBackend(run);
  return {
    ...reached,
    status: run.result.status,
    step: run.result.step,
    wallSeconds: run.wallSeconds,
    evaluations: run.evals.map((e) => ({ step: e.step, train: e.trainLoss, val: e.valLoss })),
    medianStepMs: run.stepMs.length > 0 ? median(run.stepMs) : NaN,
    ...(run.result.finalSample === undefined ? {} : { finalSample: run.result.finalSample }),
    ...(run.result.error === undefined ? {} : { error: run.result.error }),
  };
}

async function withController<T>(body: (signal: AbortSignal, controller: AbortController) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  current = controller;
  try {
    return await body(controller.signal, controller);
  } finally {
    current = undefined;
  }
}

/**
 * Prints the first step (it compiles the shaders), then a step line every PROGRESS_EVERY_MS, and
 * each sample, with the seconds since the process started.
 */
function progress(total?: number): (event: TrainingEvent) => void {
  let lastPrinted = 0;
  const at = () => `[${(performance.now() / 1000).toFixed(1)} s]`;
  return (event) => {
    if (event.kind === 'start') log(`  ${at()} ${event.backend}${event.backendNote ? ` (${event.backendNote})` : ''}, ${event.parameterCount} parameters, ${event.tokensPerStep} tokens a step`);
    if (event.kind === 'sample') log(`  ${at()} sample at step ${event.step}: ${JSON.stringify(event.text.slice(0, 60))}...`);
    if (event.kind === 'end') log(`  ${at()} ended ${event.status} at step ${event.step}${event.error ? `: ${event.error}` : ''}`);
    if (event.kind !== 'step' || (event.step > 1 && performance.now() - lastPrinted < PROGRESS_EVERY_MS)) return;
    lastPrinted = performance.now();
    log(`  ${at()} step ${event.step}${total ? `/${total}` : ''}: ${event.stepMs.toFixed(1)} ms, loss ${event.loss.toFixed(4)}`);
  };
}

function noteBackend(run: ConfigRun): void {
  report.adapter ??= webGpuAdapter() ?? null;
  report.backend ??= run.result.backend;
  if (run.start?.backendNote !== undefined) report.backendNote ??= run.start.backendNote;
}

function save(): void {
  const path = values['json-out'];
  if (path === undefined) return;
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 1)}\n`);
}

function summarize(): void {
  log(`\nfolio bench:gpu (node ${report.node}) on ${report.adapter?.description ?? report.backendNote ?? 'no adapter'}`);
  const { steps, full } = report;
  if (steps !== undefined) {
    log(`  step, median of ${steps.timedSteps}: ${steps.medianMs.toFixed(1)} ms (p90 ${steps.p90Ms.toFixed(1)}), ${Math.round(steps.tokensPerSecond)} tokens/s`);
    log(`  live tensors, growth: ${steps.tensorGrowth}; loss ${steps.losses[0]?.toFixed(4)} -> ${steps.losses.at(-1)?.toFixed(4)}`);
  }
  if (full !== undefined) {
    log(`  full run: ${full.status} at step ${full.step} after ${full.wallSeconds.toFixed(0)} s, median step ${full.medianStepMs.toFixed(1)} ms`);
    for (const e of full.evaluations) log(`    step ${e.step}: train ${e.train.toFixed(4)}, val ${e.val.toFixed(4)}`);
  }
  for (const error of report.errors) log(`  error: ${error}`);
}

/**
 * `name` as given (from the working directory), else beside this file (the bundle's folder
 * holds configs/), else from the repository root (bench/gpu/ in the sources, dist/bench/gpu/ built).
 */
function findConfig(name: string): string {
  const candidates = [resolve(name), resolve(here, name), resolve(here, '../..', name), resolve(here, '../../..', name)];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`no config ${name}; looked at ${candidates.join(', ')}`);
  return found;
}

/** The dataset cache, seeded from the workspace's ../shared when it lacks the text (no network here). */
function seededCache(): string {
  const cache = resolveCacheDir(process.env, process.cwd());
  const cached = join(cache, 'tinyshakespeare.txt');
  const shared = [resolve(here, '../../../shared/data/tinyshakespeare.txt'), resolve(here, '../../../../shared/data/tinyshakespeare.txt')].find(existsSync);
  if (!existsSync(cached) && shared !== undefined) {
    mkdirSync(cache, { recursive: true });
    copyFileSync(shared, cached);
  }
  return cache;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
