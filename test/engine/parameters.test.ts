import { describe, expect, it } from 'vitest';
import { ParameterStore } from '../../framework/engine/parameters.js';
import { Rng } from '../../framework/engine/rng.js';

function stats(values: Float32Array) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { std, maxAbs: Math.max(...Array.from(values, Math.abs)) };
}

describe('parameter initialisation', () => {
  it('gpt2: N(0, 0.02), residual projections scaled by 1/sqrt(2 n_layer), embeddings not decayed', () => {
    const store = new ParameterStore(new Rng(1));
    const root = store.root();
    const w = root.linear('w', [256, 256]);
    const proj = root.linear('proj', [256, 256], { residualLayers: 8 });
    root.embedding('wte', [256, 64]);
    expect(stats(w.dataSync() as Float32Array).std).toBeCloseTo(0.02, 3);
    expect(stats(proj.dataSync() as Float32Array).std).toBeCloseTo(0.02 / 4, 3);
    expect(store.all.map((p) => [p.name, p.decay])).toEqual([['w', true], ['proj', true], ['wte', false]]);
    store.dispose();
  });

  it("torch: PyTorch's U(±1/sqrt(fan_in)) linear weights and N(0, 1) embeddings, for every scope below", () => {
    const store = new ParameterStore(new Rng(2));
    const layer = store.root().withInit('torch').scope('h').scope(0);
    const w = stats(layer.linear('w', [64, 512]).dataSync() as Float32Array);
    expect(w.maxAbs).toBeLessThanOrEqual(1 / 8);
    expect(w.std).toBeCloseTo(1 / 8 / Math.sqrt(3), 2);
    expect(stats(layer.embedding('wte', [128, 128]).dataSync() as Float32Array).std).toBeCloseTo(1, 1);
    expect(store.all.map((p) => p.name)).toEqual(['h.0.w', 'h.0.wte']);
    store.dispose();
  });
});
