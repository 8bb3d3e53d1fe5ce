// A DPO reference and its policy load the same checkpoint: each must own its copy of the weights
// (the native AdamW writes in place; sharing the array once froze the policy to its reference).
import { describe, expect, it } from 'vitest';
import { ParameterStore } from '../../framework/engine/parameters.js';
import { Rng } from '../../framework/engine/rng.js';
import { tf } from '../../framework/engine/tf.js';
import { loadWeights } from '../../framework/training/checkpoint/training-state.js';

describe('loadWeights', () => {
  it('copies the checkpoint arrays, so that writing one model in place leaves the other alone', async () => {
    await tf.setBackend('cpu');
    const saved = new Map([['w', { dtype: 'F32' as const, shape: [2], data: new Float32Array([1, 2]) }]]);
    const [policy, reference] = [new ParameterStore(new Rng(1)), new ParameterStore(new Rng(2))];
    for (const store of [policy, reference]) {
      store.root().zeros('w', [2]);
      loadWeights('test.safetensors', saved, store);
    }
    saved.get('w')!.data[0] = 99; // what an in-place update of a shared array would do
    expect(Array.from(policy.get('w')!.variable.dataSync())).toEqual([1, 2]);
    expect(Array.from(reference.get('w')!.variable.dataSync())).toEqual([1, 2]);
    policy.dispose();
    reference.dispose();
  });
});
