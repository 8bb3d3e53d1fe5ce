// Where one training step spends its time: per tfjs kernel, and per phase of the step (batch,
// forward, backward, gradient norm and clipping, optimizer, read-back), each phase split into
// time inside tfjs kernels and the rest (tfjs's JavaScript: tape, bookkeeping, dispatch; plus
// native calls made outside tfjs kernels, such as the gradient norm and AdamW).
import { builtinRegistry } from '../components/index.js';
import { loadConfig } from '../framework/config/load.js';
import { buildRunContainer } from '../framework/container/build.js';
import { resolveRunComponents } from '../framework/container/run-parts.js';
import { tf } from '../framework/engine/tf.js';
import { BatchSampler } from '../framework/training/batches.js';
import { clipByGlobalNorm, globalNorm } from '../framework/training/clip.js';
import { batchLoss } from '../framework/training/loss.js';
import { median } from './run-config.js';

export interface PhaseTime {
  phase: string;
  wallMs: number;
  kernelMs: number;
  kernels: number;
}

export interface KernelTime {
  name: string;
  ms: number;
  calls: number;
}

export interface StepProfile {
  backend: string;
  /** Median ms of a step with the profiler off. */
  plainStepMs: number;
  /** Median ms of a step under the profiler (it adds a timer per kernel). */
  profiledStepMs: number;
  phases: PhaseTime[];
  kernels: KernelTime[];
}

const PHASES = ['batch', 'forward', 'backward', 'norm + clip', 'optimizer', 'dispose + read loss'] as const;
type Phase = (typeof PHASES)[number];

/** The kernels tfjs has recorded so far in the active profile (scopes such as customGrad's `forward` are dropped later). */
function recordedKernels(): number {
  const state = tf.engine().state as unknown as { activeProfile?: { kernels: unknown[] } };
  return state.activeProfile?.kernels.length ?? 0;
}

/** Profiles `steps` training steps of `configFile` on `backend` (synthetic tokens: the profile does not depend on the text). */
export async function profileStep(configFile: string, backend: string, steps: number): Promise<StepProfile> {
  const resolved = await loadConfig(configFile, { registry: builtinRegistry(), overrides: [`backend=${backend}`] });
  const { config } = resolved;
  const parts = resolveRunComponents(buildRunContainer(config, resolved.registry, { configDir: resolved.dir, cacheDir: '.' }));
  await parts.backend.activate();
  const tokens = Int32Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 65);
  const model = parts.createModel(65);
  const sampler = new BatchSampler(tokens, model.blockSize, config.train.batch_size, parts.rngs.data, 'training');
  const params = parts.parameters.all;
  const gradClip = config.train.grad_clip;

  // Marks: [phase, wall clock, kernels recorded so far] at the end of each phase.
  let marks: [Phase, number, number][] = [];
  const mark = (phase: Phase) => marks.push([phase, performance.now(), recordedKernels()]);
  const step = () => {
    const loss = tf.tidy(() => {
      const batch = sampler.next();
      mark('batch');
      const { value, grads } = tf.variableGrads(() => {
        const l = batchLoss(model, batch, true);
        mark('forward');
        return l;
      }, params.map((p) => p.variable));
      mark('backward');
      const byParam = Object.fromEntries(params.map((p) => [p.name, grads[p.variable.name]!]));
      const clipped = clipByGlobalNorm(byParam, globalNorm(Object.values(byParam)), gradClip);
      mark('norm + clip');
      parts.optimizer.step(params, clipped, 1e-3);
      mark('optimizer');
      return tf.keep(value);
    });
    loss.dataSync();
    loss.dispose();
    mark('dispose + read loss');
  };

  const isKernel = (name: string) => tf.getKernel(name, tf.getBackend()) !== undefined;
  for (let i = 0; i < Math.min(3, steps); i++) step(); // warm up: first-call compilation, buffer pool
  const plain: number[] = [];
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    step();
    plain.push(performance.now() - started);
  }

  const phaseWall = new Map<Phase, number>(PHASES.map((p) => [p, 0]));
  const phaseKernelMs = new Map<Phase, number>(PHASES.map((p) => [p, 0]));
  const phaseKernels = new Map<Phase, number>(PHASES.map((p) => [p, 0]));
  const totals = new Map<string, KernelTime>();
  const profiled: number[] = [];
  for (let i = 0; i < steps; i++) {
    marks = [];
    let started = 0;
    const profile = await tf.profile(() => {
      started = performance.now();
      step();
    });
    profiled.push(marks.at(-1)![1] - started);
    const times = profile.kernels.map((k) => (isKernel(k.name) ? Number(k.kernelTimeMs) : 0));
    let [previousTime, previousIndex] = [started, 0];
    for (const [phase, time, index] of marks) {
      phaseWall.set(phase, phaseWall.get(phase)! + time - previousTime);
      phaseKernelMs.set(phase, phaseKernelMs.get(phase)! + times.slice(previousIndex, index).reduce((s, t) => s + t, 0));
      phaseKernels.set(phase, phaseKernels.get(phase)! + profile.kernels.slice(previousIndex, index).filter((k) => isKernel(k.name)).length);
      [previousTime, previousIndex] = [time, index];
    }
    for (const k of profile.kernels) {
      if (!isKernel(k.name)) continue;
      const entry = totals.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
      entry.ms += Number(k.kernelTimeMs);
      entry.calls += 1;
      totals.set(k.name, entry);
    }
  }
  return {
    backend: tf.getBackend(),
    plainStepMs: median(plain),
    profiledStepMs: median(profiled),
    phases: PHASES.map((phase) => ({
      phase,
      wallMs: phaseWall.get(phase)! / steps,
      kernelMs: phaseKernelMs.get(phase)! / steps,
      kernels: phaseKernels.get(phase)! / steps,
    })),
    kernels: [...totals.values()].map((k) => ({ name: k.name, ms: k.ms / steps, calls: k.calls / steps })).sort((a, b) => b.ms - a.ms),
  };
}

/** The profile as text lines: phases, then the kernels that take the most time. */
export function formatProfile(profile: StepProfile, label: string, topKernels = 20): string[] {
  const lines = [
    `${label}: ${profile.plainStepMs.toFixed(1)} ms/step (${profile.profiledStepMs.toFixed(1)} ms under the profiler)`,
    `  ${'phase'.padEnd(22)} ${'wall ms'.padStart(8)} ${'kernels ms'.padStart(11)} ${'rest ms'.padStart(8)} ${'kernels'.padStart(8)}`,
  ];
  for (const p of profile.phases) {
    lines.push(`  ${p.phase.padEnd(22)} ${p.wallMs.toFixed(2).padStart(8)} ${p.kernelMs.toFixed(2).padStart(11)} ${(p.wallMs - p.kernelMs).toFixed(2).padStart(8)} ${p.kernels.toFixed(0).padStart(8)}`);
  }
  const sum = (f: (p: PhaseTime) => number) => profile.phases.reduce((s, p) => s + f(p), 0);
  lines.push(`  ${'step'.padEnd(22)} ${sum((p) => p.wallMs).toFixed(2).padStart(8)} ${sum((p) => p.kernelMs).toFixed(2).padStart(11)} ${sum((p) => p.wallMs - p.kernelMs).toFixed(2).padStart(8)} ${sum((p) => p.kernels).toFixed(0).padStart(8)}`);
  lines.push(`  ${'kernel'.padEnd(30)} ${'ms'.padStart(8)} ${'calls'.padStart(6)}`);
  for (const k of profile.kernels.slice(0, topKernels)) {
    lines.push(`  ${k.name.padEnd(30)} ${k.ms.toFixed(2).padStart(8)} ${String(k.calls).padStart(6)}`);
  }
  return lines;
}
