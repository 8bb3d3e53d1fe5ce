// Pre-norm transformer block: x + attn(ln1(x)), then x + ffn(ln2(x)); LayerNorm or RMSNorm, as the model says.
import { defineComponent, type Attention, type Block, type FeedForward, type LayerContext, type NormKind } from '../../framework/registry/index.js';
import { normalize, tf } from '../../framework/engine/index.js';

class PreLnBlock implements Block {
  private readonly ln1Gain: tf.Variable;
  private readonly ln1Bias?: tf.Variable;
  private readonly ln2Gain: tf.Variable;
  private readonly ln2Bias?: tf.Variable;
  private readonly attention: Attention;
  private readonly feedforward: FeedForward;

  private readonly norm: NormKind | undefined;

  constructor(ctx: LayerContext) {
    const { nEmbd, norm } = ctx.dims;
    const bias = ctx.dims.bias && norm !== 'rmsnorm'; // RMSNorm has a gain only
    this.norm = norm;
    this.ln1Gain = ctx.params.ones('ln_1.weight', [nEmbd]);
    if (bias) this.ln1Bias = ctx.params.zeros('ln_1.bias', [nEmbd]);
    this.attention = ctx.layers.attention(ctx.params.scope('attn'), ctx.dims);
    this.ln2Gain = ctx.params.ones('ln_2.weight', [nEmbd]);
    if (bias) this.ln2Bias = ctx.params.zeros('ln_2.bias', [nEmbd]);
    this.feedforward = ctx.layers.feedforward(ctx.params.scope('mlp'), ctx.dims);
  }

  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    const attended = this.attention.apply(normalize(this.norm, x, this.ln1Gain as tf.Tensor1D, this.ln1Bias as tf.Tensor1D | undefined), training);
    const mid = tf.add(x, attended) as tf.Tensor3D;
    const fed = this.feedforward.apply(normalize(this.norm, mid, this.ln2Gain as tf.Tensor1D, this.ln2Bias as tf.Tensor1D | undefined), training);
    return tf.add(mid, fed) as tf.Tensor3D;
  }
}

export default defineComponent({
  kind: 'block',
  type: 'pre-ln',
  summary: 'pre-norm residual block: attention then feed-forward (LayerNorm or RMSNorm, from model.norm)',
  params: { type: 'object', properties: {} },
  create: (_params: object, ctx) => new PreLnBlock(ctx),
});
