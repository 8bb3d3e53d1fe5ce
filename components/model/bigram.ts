// The lecture's baseline: the next character's logits read straight from a (V, V) table.
import { defineComponent, type LanguageModel } from '../../framework/registry/index.js';
import { embed, tf } from '../../framework/engine/index.js';

interface BigramParams {
  block_size: number;
}

export default defineComponent({
  kind: 'model',
  type: 'bigram',
  summary: 'bigram baseline: a lookup table of next-token logits',
  params: {
    type: 'object',
    properties: {
      block_size: { type: 'integer', minimum: 1, default: 8, description: 'length of training windows' },
    },
  },
  create: (params: BigramParams, ctx): LanguageModel => {
    const table = ctx.params.embedding('table', [ctx.vocabSize, ctx.vocabSize]);
    return {
      blockSize: params.block_size,
      forward: (idx: tf.Tensor2D) => embed(idx, table as tf.Tensor2D), // (B, T) -> (B, T, V)
    };
  },
});
