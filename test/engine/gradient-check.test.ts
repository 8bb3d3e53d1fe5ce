// Finite differences against autodiff for the whole GPT, on the JS reference backend and on
// wasm (where Folio replaces the matMul gradient and looks embeddings up by one-hot products).
import { describe, it } from 'vitest';
import { expectGradientsMatchDifferences } from '../helpers/gradient-check.js';
import { tinyConfig } from '../helpers/tiny-gpt.js';

describe.each(['cpu', 'wasm'])('GPT gradients on %s', (backend) => {
  it('match central finite differences for every parameter', async () => {
    const config = tinyConfig({ backend }, { n_layer: 2, n_embd: 8, block_size: 4, tie_weights: true });
    await expectGradientsMatchDifferences(config, 5);
  });
});
