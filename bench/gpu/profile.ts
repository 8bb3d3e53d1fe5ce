// Per-kernel GPU time of one training step, by kernel name: Folio's WGSL kernels and tfjs's own
// programs alike, from WebGPU timestamp queries (tfjs's backend.time(); each kernel then runs in
// a pass of its own, so the total is a little above a real step's).
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { builtinRegistry } from '../../components/index.js';
import { loadConfig } from '../../framework/config/load.js';
import { buildRunContainer } from '../../framework/container/build.js';
import { resolveRunComponents } from '../../framework/container/run-parts.js';
import { tf } from '../../framework/engine/tf.js';
import { BatchSampler, splitTokens } from '../../framework/training/batches.js';
import { batchLoss } from '../../framework/training/loss.js';
import { optimizerStep } from '../../framework/training/step.js';

export interface KernelTime {
  name: string;
  calls: number;
  ms: number;
}

export interface StepProfile {
  backend: string;
  kernels: KernelTime[];
  totalKernelMs: number;
}

/** Profiles step `warmup + 1` of `configFile` (with `overrides`), after `warmup` untimed steps. */
export async function profileStep(configFile: string, overrides: string[], cacheDir: string, warmup = 3): Promise<StepProfile> {
  const resolved = await loadConfig(configFile, { registry: builtinRegistry(), overrides });
  const { config } = resolved;
  const parts = resolveRunComponents(buildRunContainer(config, resolved.registry, { configDir: resolved.dir, cacheDir }));
  const active = await parts.backend.activate();
  const corpus = await parts.dataset.load();
  parts.tokenizer.fit(corpus.text);
  const { train } = splitTokens(parts.tokenizer.encode(corpus.text), parts.dataset.valFraction);
  const model = parts.createModel(parts.tokenizer.vocabSize);
  const batches = new BatchSampler(train, model.blockSize, config.train.batch_size, parts.rngs.data.fork(), 'training');
  const step = () => optimizerStep({ parameters: parts.parameters, optimizer: parts.optimizer, loss: () => batchLoss(model, batches.next(), true), gradClip: config.train.grad_clip }, 1e-4);
  try {
    for (let i = 0; i < warmup; i++) {
      const { loss, gradNorm } = step();
      await loss.data();
      tf.dispose([loss, gradNorm]);
    }
    const backend = tf.backend() as WebGPUBackend;
    let timed: tf.Tensor[] = [];
    const timing = await backend.time(() => {
      const { loss, gradNorm } = step();
      timed = [loss, gradNorm];
    });
    tf.dispose(timed);
    return { backend: active.name, ...tally(timing.getExtraProfileInfo?.() ?? '') };
  } finally {
    parts.optimizer.dispose();
    parts.parameters.dispose();
  }
}

/** Sums tfjs's "name: ms, name: ms" profile text by kernel name, slowest first. */
function tally(profile: string): { kernels: KernelTime[]; totalKernelMs: number } {
  const byName = new Map<string, KernelTime>();
  for (const entry of profile.split(', ')) {
    const at = entry.lastIndexOf(': ');
    if (at < 0) continue;
    const name = entry.slice(0, at);
    const ms = Number(entry.slice(at + 2));
    const kernel = byName.get(name) ?? { name, calls: 0, ms: 0 };
    kernel.calls++;
    kernel.ms += Number.isFinite(ms) ? ms : 0;
    byName.set(name, kernel);
  }
  const kernels = [...byName.values()].sort((a, b) => b.ms - a.ms);
  return { kernels, totalKernelMs: kernels.reduce((sum, k) => sum + k.ms, 0) };
}
