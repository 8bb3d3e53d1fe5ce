// The built-in variants pass the same gradient check as the lecture's GPT: rotary positions,
// RMSNorm, SwiGLU and grouped-query attention together, and multi-query attention alone.
import { describe, it } from 'vitest';
import { expectGradientsMatchDifferences } from '../helpers/gradient-check.js';
import { tinyConfig } from '../helpers/tiny-gpt.js';

const LLAMA_STYLE = {
  n_layer: 1,
  n_embd: 8,
  block_size: 4,
  positions: 'rope',
  norm: 'rmsnorm',
  attention: { type: 'causal-self-attention', n_head: 4, n_kv_head: 2 },
  feedforward: { type: 'swiglu', hidden: 12 },
};

describe.each(['cpu', 'wasm'])('variant gradients on %s', (backend) => {
  it('RoPE + RMSNorm + SwiGLU + grouped-query attention match central finite differences', async () => {
    await expectGradientsMatchDifferences(tinyConfig({ backend }, LLAMA_STYLE), 5);
  });

  it('multi-query attention (one key/value head) with learned positions matches them too', async () => {
    const config = tinyConfig({ backend }, { n_layer: 1, n_embd: 8, block_size: 4, attention: { type: 'causal-self-attention', n_head: 2, n_kv_head: 1 } });
    await expectGradientsMatchDifferences(config, 5);
  });
});
