// The LLaMA-style variants train on the native engine and on wasm: the loss falls, the two
// engines follow the same curve from the same seed, and no tensor leaks from step to step.
import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../../framework/engine/native/backend.js';
import { trainTiny } from '../helpers/tiny-training.js';

const VARIANTS = {
  'rope + rmsnorm + swiglu + gqa': {
    positions: 'rope',
    norm: 'rmsnorm',
    attention: { type: 'causal-self-attention', n_head: 4, n_kv_head: 2 },
    feedforward: { type: 'swiglu' },
  },
  'multi-query attention': { attention: { type: 'causal-self-attention', n_head: 4, n_kv_head: 1 } },
};

describe.each(Object.entries(VARIANTS))('%s', (_name, model) => {
  it('learns on wasm and on the native engine, which follows the wasm curve', async () => {
    expect(registerNativeBackend().ok).toBe(true);
    const wasm = await trainTiny({ seed: 5, maxIters: 30, backend: 'wasm', model });
    const native = await trainTiny({ seed: 5, maxIters: 30, backend: 'native', model });
    expect(wasm.outcome.status).toBe('completed');
    expect(wasm.losses[29]!).toBeLessThan(wasm.losses[0]! - 0.5);
    native.losses.forEach((loss, step) => expect(Math.abs(loss - wasm.losses[step]!), `step ${step + 1}`).toBeLessThan(2e-3));
    expect(new Set(native.tensorsAfterStep.slice(2)).size).toBe(1);
  });
});
