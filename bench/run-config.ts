// Runs a config through the real pipeline, silently, and collects what a benchmark needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRegistry } from '../components/index.js';
import { loadConfig } from '../framework/config/load.js';
import { tf } from '../framework/engine/tf.js';
import type { EvalFinished, RunStarted, TrainingEvent } from '../framework/training/events.js';
import { runExperiment, type ExperimentResult } from '../framework/training/experiment.js';
import { RunStore } from '../framework/tracking/store.js';

export interface ConfigRun {
  result: ExperimentResult;
  /** Milliseconds of each logged step (every step when log_interval is 1). */
  stepMs: number[];
  /** Training loss of each logged step. */
  losses: number[];
  /** tf.memory().numTensors after each logged step. */
  liveTensors: number[];
  evals: EvalFinished[];
  wallSeconds: number;
  /** What the run said when it started: backend, its note (the GPU adapter), tokens per step. */
  start?: RunStarted;
}

export interface RunConfigOptions {
  /** Stops the run after the current step; it then ends `interrupted`. */
  signal?: AbortSignal;
  /** Sees every training event as it happens (progress lines). */
  onEvent?: (event: TrainingEvent) => void;
}

export async function runConfig(file: string, overrides: string[], cacheDir: string, options: RunConfigOptions = {}): Promise<ConfigRun> {
  const resolved = await loadConfig(file, { registry: builtinRegistry(), overrides });
  const scratch = mkdtempSync(join(tmpdir(), 'folio-bench-'));
  const store = RunStore.open(join(scratch, 'folio.db'));
  const stepMs: number[] = [];
  const losses: number[] = [];
  const liveTensors: number[] = [];
  const evals: EvalFinished[] = [];
  let start: RunStarted | undefined;
  const collect = (event: TrainingEvent) => {
    options.onEvent?.(event);
    if (event.kind === 'start') {
      start = event;
    } else if (event.kind === 'step') {
      stepMs.push(event.stepMs);
      losses.push(event.loss);
      liveTensors.push(tf.memory().numTensors);
    } else if (event.kind === 'eval') {
      evals.push(event);
      process.stderr.write(`  ${resolved.config.name} step ${event.step}: val ${event.valLoss.toFixed(4)}\n`);
    }
  };
  const started = performance.now();
  try {
    const result = await runExperiment(resolved, {
      registry: resolved.registry,
      store,
      reporter: { report: collect, close: async () => {} },
      cacheDir,
      runsDir: scratch,
      signal: options.signal,
    });
    return { result, stepMs, losses, liveTensors, evals, wallSeconds: (performance.now() - started) / 1000, start };
  } finally {
    store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
