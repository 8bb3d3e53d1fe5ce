// ALiBi attention (Press et al. 2022, "Train Short, Test Long"): no position embeddings at all;
// each head adds -slope · distance to its attention scores, so nearer tokens count for more.
// A user's component: it imports only the public API, by package name.
import {
  causalMask,
  defineComponent,
  dropout,
  linear,
  matMul,
  tf,
  type Attention,
  type CheckProblem,
  type LayerContext,
  type ModelDims,
  type Rng,
} from '@folio-lm/folio';

interface AlibiParams {
  n_head: number;
  /** Defaults to the model's dropout. */
  dropout?: number;
}

/** Head h of n gets slope 2^(-8(h+1)/n): a geometric sequence from 2^(-8/n) down to 2^-8. */
function headSlopes(nHead: number): number[] {
  return Array.from({ length: nHead }, (_, h) => 2 ** ((-8 * (h + 1)) / nHead));
}

class AlibiAttention implements Attention {
  private readonly qkvWeight: tf.Variable; // (C, 3C)
  private readonly projWeight: tf.Variable; // (C, C)
  private readonly slopes: tf.Tensor3D; // (nh, 1, 1)
  private readonly biases = new Map<number, tf.Tensor3D>(); // by T: (nh, T, T)
  private readonly nHead: number;
  private readonly dropoutRate: number;
  private readonly rng: Rng;

  constructor(params: AlibiParams, ctx: LayerContext) {
    const { nEmbd, nLayer } = ctx.dims;
    this.nHead = params.n_head;
    this.dropoutRate = params.dropout ?? ctx.dims.dropout;
    this.rng = ctx.rng;
    this.qkvWeight = ctx.params.linear('c_attn.weight', [nEmbd, 3 * nEmbd]);
    this.projWeight = ctx.params.linear('c_proj.weight', [nEmbd, nEmbd], { residualLayers: nLayer });
    this.slopes = tf.keep(tf.tensor3d(headSlopes(this.nHead), [this.nHead, 1, 1]));
  }

  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    const [batch, time, width] = x.shape;
    const headSize = width / this.nHead;
    const qkv = linear(x, this.qkvWeight as tf.Tensor2D); // (B, T, 3C)
    const [q, k, v] = tf.split(qkv.reshape([batch * time, 3 * width]), 3, 1) as tf.Tensor2D[]; // each (B*T, C)
    const heads = (t: tf.Tensor2D) =>
      tf.transpose(t.reshape([batch, time, this.nHead, headSize]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch * this.nHead, time, headSize]); // (B*nh, T, hs)
    const scores = tf.mul(matMul(heads(q!), heads(k!), false, true), 1 / Math.sqrt(headSize)).reshape([batch, this.nHead, time, time]);
    const biased = tf.add(scores, this.bias(time)).reshape<tf.Tensor3D>([batch * this.nHead, time, time]); // (B*nh, T, T)
    const weights = dropout(tf.softmax(biased), this.dropoutRate, training, this.rng);
    const attended = matMul(weights, heads(v!)).reshape([batch, this.nHead, time, headSize]);
    const merged = tf.transpose(attended, [0, 2, 1, 3]).reshape<tf.Tensor3D>([batch, time, width]); // (B, T, C)
    return dropout(linear(merged, this.projWeight as tf.Tensor2D), this.dropoutRate, training, this.rng);
  }

  /** (nh, T, T): -slope · (i - j) for key j at or before query i, the causal mask after it. Made once per T. */
  private bias(time: number): tf.Tensor3D {
    let bias = this.biases.get(time);
    if (bias === undefined) {
      bias = tf.tidy(() => {
        const positions = tf.range(0, time);
        const distance = tf.sub(positions.reshape([time, 1]), positions.reshape([1, time])); // (T, T): i - j
        return tf.add(tf.mul(this.slopes, tf.neg(distance)), causalMask(time)) as tf.Tensor3D;
      });
      this.biases.set(time, tf.keep(bias));
    }
    return bias;
  }
}

function problems(params: AlibiParams, dims: ModelDims): CheckProblem[] {
  if (dims.nEmbd % params.n_head !== 0) return [{ key: 'n_head', message: `n_head ${params.n_head} does not divide n_embd ${dims.nEmbd}` }];
  // ALiBi is the position signal; a learned table or rotary embeddings on top would be a second one.
  if (dims.positions !== 'none') return [{ message: `ALiBi brings its own positions: set the model's positions: none (it is ${dims.positions ?? 'learned'})` }];
  return [];
}

export default defineComponent({
  kind: 'attention',
  type: 'alibi',
  summary: 'causal self-attention with linear distance biases (ALiBi), no position embeddings',
  params: {
    type: 'object',
    required: ['n_head'],
    properties: {
      n_head: { type: 'integer', minimum: 1, description: 'number of heads (must divide n_embd)' },
      dropout: { type: 'number', minimum: 0, maximum: 1, description: "attention and residual dropout (default: the model's)" },
    },
  },
  create: (params: AlibiParams, ctx) => new AlibiAttention(params, ctx),
  check: (params: AlibiParams, { dims }) => (dims === undefined ? [] : problems(params, dims)),
});
