// Multi-head causal self-attention with a fused QKV projection (the lecture's Head, batched);
// optionally with fewer key/value heads (multi-query, grouped-query) and rotary positions.
import { defineComponent, type Attention, type CheckProblem, type LayerContext, type ModelDims } from '../../framework/registry/index.js';
import { causalSelfAttention, dropout, linear, tf, type Rng } from '../../framework/engine/index.js';
import { groupedCausalAttention, rotateQueriesKeys, type HeadLayout } from './grouped-heads.js';

interface CausalSelfAttentionParams {
  n_head: number;
  /** Key/value heads (defaults to n_head: plain multi-head attention). */
  n_kv_head?: number;
  /** Defaults to the model's dropout. */
  dropout?: number;
}

class CausalSelfAttention implements Attention {
  private readonly qkvWeight: tf.Variable; // (C, C + 2·n_kv_head·hs): 3C with as many kv heads as heads
  private readonly qkvBias?: tf.Variable;
  private readonly projWeight: tf.Variable; // (C, C)
  private readonly projBias?: tf.Variable;
  private readonly layout: HeadLayout;
  private readonly dropoutRate: number;
  private readonly rng: Rng;

  constructor(params: CausalSelfAttentionParams, ctx: LayerContext) {
    const { nEmbd, nLayer, bias } = ctx.dims;
    this.layout = { nHead: params.n_head, nKvHead: params.n_kv_head ?? params.n_head, rotary: ctx.dims.positions === 'rope' };
    this.dropoutRate = params.dropout ?? ctx.dims.dropout;
    this.rng = ctx.rng;
    const projected = nEmbd + 2 * this.layout.nKvHead * (nEmbd / params.n_head);
    this.qkvWeight = ctx.params.linear('c_attn.weight', [nEmbd, projected]);
    if (bias) this.qkvBias = ctx.params.zeros('c_attn.bias', [projected]);
    this.projWeight = ctx.params.linear('c_proj.weight', [nEmbd, nEmbd], { residualLayers: nLayer });
    if (bias) this.projBias = ctx.params.zeros('c_proj.bias', [nEmbd]);
  }

  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    const projected = linear(x, this.qkvWeight as tf.Tensor2D, this.qkvBias as tf.Tensor1D | undefined); // (B, T, C + 2·kv)
    const { nHead, nKvHead, rotary } = this.layout;
    const qkv = rotary ? rotateQueriesKeys(projected, this.layout) : projected;
    // The engine's fused kernel takes as many kv heads as heads; fewer take the general path.
    const attended =
      nKvHead === nHead
        ? causalSelfAttention(qkv, nHead, this.dropoutRate, training, this.rng)
        : groupedCausalAttention(qkv, this.layout, this.dropoutRate, training, this.rng); // (B, T, C)
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
      n_kv_head: {
        type: 'integer',
        minimum: 1,
        description: 'key/value heads, each shared by n_head / n_kv_head query heads: 1 is multi-query attention, n_head (the default) plain multi-head',
      },
      dropout: { type: 'number', minimum: 0, maximum: 1, description: "attention and residual dropout (default: the model's)" },
    },
  },
  create: (params: CausalSelfAttentionParams, ctx) => new CausalSelfAttention(params, ctx),
  check: (params: CausalSelfAttentionParams, { dims }) => (dims === undefined ? [] : headProblems(params, dims)),
});


function headProblems(params: CausalSelfAttentionParams, dims: ModelDims): CheckProblem[] {
  const { n_head: nHead, n_kv_head: nKvHead } = params;
  if (dims.nEmbd % nHead !== 0) {
    return [{ key: 'n_head', message: `n_head ${nHead} does not divide the model's n_embd ${dims.nEmbd} (each head gets n_embd / n_head channels)` }];
  }
  const problems: CheckProblem[] = [];
  if (nKvHead !== undefined && nHead % nKvHead !== 0) {
    problems.push({ key: 'n_kv_head', message: `n_kv_head ${nKvHead} does not divide n_head ${nHead} (each key/value head serves an equal group of query heads)` });
  }
  const headSize = dims.nEmbd / nHead;
  if (dims.positions === 'rope' && headSize % 2 !== 0) {
    problems.push({ key: 'n_head', message: `rotary positions rotate channel pairs, but n_embd ${dims.nEmbd} / n_head ${nHead} gives heads of odd size ${headSize}` });
  }
  return problems;
}
