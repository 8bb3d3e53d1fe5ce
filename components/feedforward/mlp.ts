// Position-wise feed-forward: expand, activate, project back (the lecture's FeedForward).
import { defineComponent, type Activation, type FeedForward, type LayerContext } from '../../framework/registry/index.js';
import { dropout, linear, linearGelu, tf, type Rng } from '../../framework/engine/index.js';

interface MlpParams {
  expansion: number;
  activation: Activation;
  dropout?: number;
}

class Mlp implements FeedForward {
  private readonly upWeight: tf.Variable; // (C, expansion*C)
  private readonly upBias?: tf.Variable;
  private readonly downWeight: tf.Variable; // (expansion*C, C)
  private readonly downBias?: tf.Variable;
  private readonly dropoutRate: number;
  private readonly rng: Rng;

  constructor(private readonly params: MlpParams, ctx: LayerContext) {
    const { nEmbd, nLayer, bias } = ctx.dims;
    const hidden = params.expansion * nEmbd;
    this.dropoutRate = params.dropout ?? ctx.dims.dropout;
    this.rng = ctx.rng;
    this.upWeight = ctx.params.linear('c_fc.weight', [nEmbd, hidden]);
    if (bias) this.upBias = ctx.params.zeros('c_fc.bias', [hidden]);
    this.downWeight = ctx.params.linear('c_proj.weight', [hidden, nEmbd], { residualLayers: nLayer });
    if (bias) this.downBias = ctx.params.zeros('c_proj.bias', [nEmbd]);
  }

  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    const [upWeight, upBias] = [this.upWeight as tf.Tensor2D, this.upBias as tf.Tensor1D | undefined];
    const activated =
      this.params.activation === 'gelu' ? linearGelu(x, upWeight, upBias) : tf.relu(linear(x, upWeight, upBias)); // (B, T, 4C)
    const out = linear(activated, this.downWeight as tf.Tensor2D, this.downBias as tf.Tensor1D | undefined); // (B, T, C)
    return dropout(out, this.dropoutRate, training, this.rng);
  }
}

export default defineComponent({
  kind: 'feedforward',
  type: 'mlp',
  summary: 'two-layer MLP with GELU or ReLU',
  params: {
    type: 'object',
    properties: {
      expansion: { type: 'integer', minimum: 1, default: 4, description: 'hidden width as a multiple of n_embd' },
      activation: { type: 'string', enum: ['gelu', 'relu'], default: 'gelu' },
      dropout: { type: 'number', minimum: 0, maximum: 1, description: "residual dropout (default: the model's)" },
    },
  },
  create: (params: MlpParams, ctx) => new Mlp(params, ctx),
});
