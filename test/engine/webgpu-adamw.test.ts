// AdamW on webgpu, three parameters a dispatch with the global-norm clipping folded in, against
// the cpu backend's composed path (clipByGlobalNorm, then AdamW's composed update).
import { describe, expect, it } from 'vitest';
import adamw from '../../components/optimizer/adamw.js';
import { activateCpu, activateWebGpu } from '../../framework/engine/backends.js';
import { servicesWithoutRun } from '../../framework/container/run-services.js';
import { Rng } from '../../framework/engine/rng.js';
import { tf } from '../../framework/engine/tf.js';
import type { Optimizer, Parameter } from '../../framework/registry/index.js';
import { clipByGlobalNorm } from '../../framework/training/clip.js';
import { seededValues, webGpuPresent } from '../helpers/webgpu.js';

// Six vec4 parameters (two dispatches of three) and three odd-sized ones (one dispatch), two of
// them spanning several workgroups: only two shader variants to compile on lavapipe.
const SHAPES = [[13, 8], [40, 30], [4], [3, 4], [2, 2, 5], [8], [7], [3, 101], [1]];
const DECAYS = SHAPES.map((shape) => shape.length > 1);
/** The bound for each step; 0: the optimizer's plain step(), with no clipping at all. */
const MAX_NORMS = [2, 1000, 0, 3];
const sizeOf = (shape: number[]) => tf.util.sizeFromShape(shape);
const INITIAL = SHAPES.map((shape, i) => seededValues(sizeOf(shape), 50 + i));
const GRADS = MAX_NORMS.map((_, step) => SHAPES.map((shape, i) => seededValues(sizeOf(shape), 60 + 11 * step + i)));
/** The global norm of each step's gradients, in float64 (norms of about 20, so 2 and 3 clip). */
const NORMS = GRADS.map((grads) => Math.sqrt(grads.flat().reduce((sum, g) => sum + g * g, 0)));

/** A large eps, so that the update depends on the gradients' scale, which clipping changes. */
const SETTINGS = { lr: 0.01, betas: [0.9, 0.99] as [number, number], eps: 0.05, weight_decay: 0.1 };

function parametersOn(backend: string): Parameter[] {
  return SHAPES.map((shape, i) => {
    const start = tf.tensor(INITIAL[i]!, shape);
    const variable = tf.variable(start, true, `adamw-${backend}-${i}-${Math.random()}`);
    start.dispose(); // the variable then owns its buffer alone, so the kernel may update it in place
    return { name: `p${i}`, variable, decay: DECAYS[i]! };
  });
}

/** One step: on webgpu through stepClipped (norm and all on the GPU), elsewhere as the trainer falls back to. */
function takeStep(optimizer: Optimizer, params: Parameter[], step: number, norm: number, clip: boolean): void {
  tf.tidy(() => {
    const grads = Object.fromEntries(GRADS[step]!.map((g, i) => [`p${i}`, tf.tensor(g, SHAPES[i])]));
    const maxNorm = MAX_NORMS[step]!;
    if (maxNorm === 0) return optimizer.step(params, grads, SETTINGS.lr);
    const clipNorm = { norm: tf.scalar(norm), maxNorm };
    if (clip) expect(optimizer.stepClipped!(params, grads, SETTINGS.lr, clipNorm)).toBe(true);
    else {
      expect(optimizer.stepClipped!(params, grads, SETTINGS.lr, clipNorm)).toBe(false);
      optimizer.step(params, clipByGlobalNorm(grads, clipNorm.norm, maxNorm), SETTINGS.lr);
    }
  });
}

/** Every parameter's values after each step. */
async function train(backend: 'cpu' | 'webgpu', norms: readonly number[]): Promise<Float32Array[][]> {
  if (backend === 'cpu') await activateCpu();
  else await activateWebGpu();
  const params = parametersOn(backend);
  const optimizer = adamw.create(SETTINGS, { rng: new Rng(1), configDir: '.', services: servicesWithoutRun('.') });
  const history: Float32Array[][] = [];
  for (const [step, norm] of norms.entries()) {
    takeStep(optimizer, params, step, norm, backend === 'webgpu');
    history.push(await Promise.all(params.map(async (p) => Float32Array.from(await p.variable.data()))));
  }
  optimizer.dispose();
  params.forEach((p) => p.variable.dispose());
  return history;
}

/** The largest |gpu - cpu| / (1 + |cpu|). */
function worstError(gpu: Float32Array[], cpu: Float32Array[]): number {
  let worst = 0;
  gpu.forEach((values, i) => values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - cpu[i]![j]!) / (1 + Math.abs(cpu[i]![j]!))))));
  return Number.isNaN(worst) ? Infinity : worst;
}

describe.skipIf(!webGpuPresent)('webgpu AdamW, batched and clipping', () => {
  it('matches clipping then AdamW on the cpu, over many parameters of mixed sizes', async () => {
    const reference = await train('cpu', NORMS);
    const gpu = await train('webgpu', NORMS);
    reference.forEach((values, step) => expect(worstError(gpu[step]!, values), `step ${step}`).toBeLessThan(1e-5));
    // The clipping mattered: unclipped (a norm below every bound), the first step lands elsewhere.
    const unclipped = await train('cpu', [1, 1, 1, 1]);
    expect(worstError(gpu[0]!, unclipped[0]!)).toBeGreaterThan(1e-4);
  });

  it('turns every weight NaN when the norm is NaN, so that the run stops as diverged', async () => {
    const [first] = await train('webgpu', [NaN]);
    for (const values of first!) expect(values.every(Number.isNaN)).toBe(true);
  });
});
