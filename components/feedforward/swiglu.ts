// SwiGLU feed-forward (Shazeer 2020, as in LLaMA): a SiLU-gated linear unit, then back to the width.
import { defineComponent, type FeedForward, type LayerContext } from '../../framework/registry/index.js';
import { dropout, linear, tf, type Rng } from '../../framework/engine/index.js';

interface SwiGluParams {
  /** Hidden width; by default 8/3 of n_embd rounded up to a multiple of 8. */
  hidden?: number;
  dropout?: number;
}

/** 8/3·C keeps the parameter count of a 4× MLP with three matrices instead of two. */
function defaultHidden(nEmbd: number): number {
  return Math.ceil((8 * nEmbd) / 3 / 8) * 8;
}

class SwiGlu implements FeedForward {
  private readonly gateUpWeight: tf.Variable; // (C, 2H): the gate's and the value's projections side by side
  private readonly gateUpBias?: tf.Variable;
  private readonly downWeight: tf.Variable; // (H, C)
  private readonly downBias?: tf.Variable;
  private readonly dropoutRate: number;
  private readonly rng: Rng;

  constructor(params: SwiGluParams, ctx: LayerContext) {
    const { nEmbd, nLayer, bias } = ctx.dims;
    const hidden = params.hidden ?? defaultHidden(nEmbd);
    this.dropoutRate = params.dropout ?? ctx.dims.dropout;
    this.rng = ctx.rng;
    this.gateUpWeight = ctx.params.linear('c_fc.weight', [nEmbd, 2 * hidden]);
    if (bias) this.gateUpBias = ctx.params.zeros('c_fc.bias', [2 * hidden]);
    this.downWeight = ctx.params.linear('c_proj.weight', [hidden, nEmbd], { residualLayers: nLayer });
    if (bias) this.downBias = ctx.params.zeros('c_proj.bias', [nEmbd]);
  }

  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    const gateUp = linear(x, this.gateUpWeight as tf.Tensor2D, this.gateUpBias as tf.Tensor1D | undefined); // (B, T, 2H)
    const [gate, value] = tf.split(gateUp, 2, 2) as [tf.Tensor3D, tf.Tensor3D]; // each (B, T, H)
    const gated = tf.mul(tf.mul(gate, tf.sigmoid(gate)), value) as tf.Tensor3D; // SiLU(gate) · value
    const out = linear(gated, this.downWeight as tf.Tensor2D, this.downBias as tf.Tensor1D | undefined); // (B, T, C)
    return dropout(out, this.dropoutRate, training, this.rng);
  }
}

export default defineComponent({
  kind: 'feedforward',
  type: 'swiglu',
  summary: 'SwiGLU: SiLU-gated linear unit (LLaMA), three projections',
  params: {
    type: 'object',
    properties: {
      hidden: { type: 'integer', minimum: 1, description: 'hidden width (default: 8/3 of n_embd, rounded up to a multiple of 8)' },
      dropout: { type: 'number', minimum: 0, maximum: 1, description: "residual dropout (default: the model's)" },
    },
  },
  create: (params: SwiGluParams, ctx) => new SwiGlu(params, ctx),
});
