// Training on webgpu end to end: the same loss curve as the cpu reference, and no reads from
// the GPU between logged steps (a read waits for every queued kernel).
import { describe, expect, it } from 'vitest';
import { tf } from '../../framework/engine/tf.js';
import { trainTiny } from '../helpers/tiny-training.js';
import { webGpuPresent } from '../helpers/webgpu.js';

/** Counts the backend's reads (async and sync) while it is active. */
function countReads(): { count: () => number; restore: () => void } {
  const backend = tf.backend() as unknown as { read: (...args: unknown[]) => unknown; readSync: (...args: unknown[]) => unknown };
  const { read, readSync } = backend;
  let reads = 0;
  backend.read = (...args) => (reads++, read.apply(backend, args));
  backend.readSync = (...args) => (reads++, readSync.apply(backend, args));
  return { count: () => reads, restore: () => Object.assign(backend, { read, readSync }) };
}

describe.skipIf(!webGpuPresent)('training on webgpu', () => {
  it('follows the cpu backend loss curve for 20 steps', async () => {
    const model = { n_layer: 2, n_embd: 16, block_size: 8 };
    const cpu = await trainTiny({ seed: 9, maxIters: 20, backend: 'cpu', model });
    const gpu = await trainTiny({ seed: 9, maxIters: 20, backend: 'webgpu', model });
    expect(gpu.outcome.status).toBe('completed');
    expect(gpu.losses).toHaveLength(20);
    const worst = Math.max(...gpu.losses.map((loss, i) => Math.abs(loss - cpu.losses[i]!)));
    expect(worst).toBeLessThan(1e-3);
    expect(gpu.losses[19]).toBeLessThan(gpu.losses[0]! - 0.5);
  });

  it('reads nothing back between log intervals', async () => {
    const readsAtStep = new Map<number, number>();
    let reads: ReturnType<typeof countReads> | undefined;
    const { steps } = await trainTiny({
      seed: 2, maxIters: 15, backend: 'webgpu', train: { log_interval: 5 }, model: { n_layer: 1, n_embd: 16, block_size: 8 },
      onStep: (step) => {
        reads ??= countReads();
        readsAtStep.set(step.step, reads.count());
      },
    });
    reads?.restore();
    expect(steps.map((s) => s.step)).toEqual([5, 10, 15]);
    // Between the reports of steps 5 and 10: five steps, then one read of their five losses and one of the gradient norm.
    expect(readsAtStep.get(10)! - readsAtStep.get(5)!).toBe(2);
  });
});
