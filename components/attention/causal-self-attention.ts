// Multi-head causal self-attention with a fused QKV projection (the lecture's Head, batched).
import { defineComponent, type Attention, type LayerContext } from '../../framework/registry/index.js';
import { causalSelfAttention, dropout, linear, tf, type Rng } from '../../framework/engine/index.js';

interface CausalSelfAttentionParams {
  n_head: number;
  /** Defaults to the model's dropout. */
  dropout?: number;
}

class CausalSelfAttention implements Attention {
  private readonly qkvWeight: tf.Variable; // (C, 3C)
  private readonly qkvBias?: tf.Variable;
  private readonly projWeight: tf.Variable; // (C, C)
  private readonly projBias?: tf.Variable;
  private readonly nHead: number;
  private readonly dropoutRate: number;
  private readonly rng: Rng;

  constructor(params: CausalSelfAttentionParams, ctx: LayerContext) {
    const { nEmbd, nLayer, bias } = ctx.dims;
    this.nHead = params.n_head;
    this.dropoutRate = params.dropout ?? ctx.dims.dropout;
    this.rng = ctx.rng;
    this.qkvWeight = ctx.params.linear('c_attn.weight', [nEmbd, 3 * nEmbd]);
    if (bias) this.qkvBias = ctx.params.zeros('c_attn.bias', [3 * nEmbd]);
    this.projWeight = ctx.params.linear('c_proj.weight', [nEmbd, nEmbd], { residualLayers: nLayer });
    if (bias) this.projBias = ctx.params.zeros('c_proj.bias', [nEmbd]);
  }

  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    const qkv = linear(x, this.qkvWeight as tf.Tensor2D, this.qkvBias as tf.Tensor1D | undefined); // (B, T, 3C)
    const attended = causalSelfAttention(qkv, this.nHead, this.dropoutRate, training, this.rng); // (B, T, C)
    const out = linear(attended, this.projWeight as tf.Tensor2D, this.projBias as tf.Tensor1D | undefined);
    return dropout(out, this.dropoutRate, training, this.rng);
  }
}

export default defineComponent({
  kind: 'attention',
  type: 'causal-self-attention',
  summary: 'multi-head causal self-attention, fused QKV projection, scaled dot product',
  params: {
    type: 'object',
    required: ['n_head'],
    properties: {
      n_head: { type: 'integer', minimum: 1, description: 'number of heads (must divide n_embd)' },
      dropout: { type: 'number', minimum: 0, maximum: 1, description: "attention and residual dropout (default: the model's)" },
    },
  },
  create: (params: CausalSelfAttentionParams, ctx) => new CausalSelfAttention(params, ctx),
  check: (params: CausalSelfAttentionParams, { dims }) =>
    dims !== undefined && dims.nEmbd % params.n_head !== 0
      ? [{ key: 'n_head', message: `n_head ${params.n_head} does not divide the model's n_embd ${dims.nEmbd} (each head gets n_embd / n_head channels)` }]
      : [],
});

